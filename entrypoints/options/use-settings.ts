import { FIELD_NAMES, hostPermissionFor, type SettingsField, type SettingsValues, type SettingsView } from 'mv3-signin/settings';
import { withApiRows, type ApiRow } from '@/lib/api-rows';
import { describeCheck, summarizeCheck, type CheckReport } from '@/lib/check-report';
import { errorWords } from '@/lib/error-words';
import { t } from '@/lib/i18n';
import { browser } from 'wxt/browser';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { client } from './client';

/** What the page last has to say: a saved note, a problem naming a field, or origins to grant. */
export type Outcome =
  | { kind: 'saved' }
  | { kind: 'problem'; field?: SettingsField; message: string }
  | { kind: 'needs-access'; origins: readonly string[] };

export interface Settings {
  readonly view: SettingsView | undefined;
  readonly values: SettingsValues;
  readonly report: CheckReport | undefined;
  /** A field changed since the report's check, so the report may no longer hold. */
  readonly stale: boolean;
  /** What the page's live region says last: Check's summary, or that "Use this issuer" took effect. */
  readonly announcement: string;
  readonly outcome: Outcome | undefined;
  readonly busy: boolean;
  setValue: (field: SettingsField, value: string) => void;
  /** Puts the APIs' rows in the values: the list, or one row named "API" as API URL and Scopes. */
  setApiRows: (rows: readonly ApiRow[]) => void;
  /** Says `text` in the page's live region. */
  announce: (text: string) => void;
  check: () => void;
  /** Puts the provider's issuer in the Issuer field, and announces it. */
  useIssuer: (issuer: string) => void;
  save: () => void;
  /** Asks the browser for the origins Save named (a click: permissions.request needs one), then saves. */
  grantAccess: (origins: readonly string[]) => void;
}

function problemOf(err: unknown): Outcome {
  return { kind: 'problem', message: errorWords(err) };
}

const sameValues = (a: SettingsValues, b: SettingsValues) => FIELD_NAMES.every((field) => (a[field] ?? '') === (b[field] ?? ''));

/** The options page's one hook: the settings in force, the form's values, and Check / Save. */
export function useSettings(): Settings {
  const [view, setView] = useState<SettingsView>();
  const [values, setValues] = useState<SettingsValues>({});
  const [report, setReport] = useState<CheckReport>();
  // The values the report was made from: any edit since marks it stale.
  const [checkedValues, setCheckedValues] = useState<SettingsValues>({});
  const [announcement, setAnnouncement] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const show = useCallback((next: SettingsView) => {
    setView(next);
    setValues(next.values);
  }, []);

  useEffect(() => {
    client.getSettings().then(show, (err: unknown) => setOutcome(problemOf(err)));
  }, [show]);

  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setOutcome(problemOf(err));
    } finally {
      setBusy(false);
    }
  }, []);

  const save = useCallback(() => {
    setOutcome(undefined);
    void run(async () => {
      if (!view) return;
      const result = await client.saveSettings(values);
      if (result.saved) {
        show(result.settings);
        setOutcome({ kind: 'saved' });
      } else if ('needsHostAccess' in result) {
        setOutcome({ kind: 'needs-access', origins: result.needsHostAccess });
      } else {
        setOutcome({ kind: 'problem', ...result.problem });
      }
    });
  }, [run, show, values, view]);

  return {
    view,
    values,
    report,
    stale: report !== undefined && !sameValues(checkedValues, values),
    announcement,
    outcome,
    busy,
    setValue: (field, value) => setValues((current) => ({ ...current, [field]: value })),
    setApiRows: (rows) => setValues((current) => withApiRows(current, rows)),
    announce: setAnnouncement,
    check: () => {
      setReport(undefined);
      setAnnouncement('');
      void run(async () => {
        if (!view) return;
        const facts = await client.checkSettings(values);
        const next = describeCheck(facts.values, facts, view.redirectUri);
        setCheckedValues(values);
        setReport(next);
        setAnnouncement(summarizeCheck(next));
      });
    },
    useIssuer(issuer) {
      setValues((current) => ({ ...current, issuer }));
      setAnnouncement(t('options_issuer_set', issuer));
    },
    save,
    grantAccess(origins) {
      browser.permissions.request({ origins: [...new Set(origins.map(hostPermissionFor))] }).then(
        (granted) => {
          if (granted) save();
          else
            setOutcome({
              kind: 'problem',
              message: t('options_access_refused', origins.join(', ')),
            });
        },
        (err: unknown) => setOutcome(problemOf(err)),
      );
    },
  };
}
