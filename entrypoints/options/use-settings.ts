import type { CheckReport } from '@/lib/check-config';
import type { ConfigField, ConfigValues } from '@/lib/config-fields';
import { ReplyError, sendMessage, type SettingsView } from '@/lib/messages';
import { browser } from 'wxt/browser';
import { useCallback, useEffect, useState } from 'preact/hooks';

/** What the page last has to say: a saved note, a problem naming a field, or origins to grant. */
export type Outcome =
  | { kind: 'saved' }
  | { kind: 'problem'; field?: ConfigField; message: string }
  | { kind: 'needs-access'; origins: readonly string[] };

export interface Settings {
  readonly view: SettingsView | undefined;
  readonly values: ConfigValues;
  readonly report: CheckReport | undefined;
  readonly outcome: Outcome | undefined;
  readonly busy: boolean;
  setValue: (field: ConfigField, value: string) => void;
  check: () => void;
  save: () => void;
  /** Asks the browser for the origins Save named (a click: permissions.request needs one), then saves. */
  grantAccess: (origins: readonly string[]) => void;
}

function problemOf(err: unknown): Outcome {
  return {
    kind: 'problem',
    message: err instanceof ReplyError ? err.message : 'The extension did not answer. Please try again.',
  };
}

/** The options page's one hook: the settings in force, the form's values, and Check / Save. */
export function useSettings(): Settings {
  const [view, setView] = useState<SettingsView>();
  const [values, setValues] = useState<ConfigValues>({});
  const [report, setReport] = useState<CheckReport>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const show = useCallback((next: SettingsView) => {
    setView(next);
    setValues(next.values);
  }, []);

  useEffect(() => {
    sendMessage('getSettings').then(show, (err: unknown) => setOutcome(problemOf(err)));
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
      const result = await sendMessage('saveSettings', values);
      if (result.saved) {
        show(result.settings);
        setOutcome({ kind: 'saved' });
      } else if ('needsHostAccess' in result) {
        setOutcome({ kind: 'needs-access', origins: result.needsHostAccess });
      } else {
        setOutcome({ kind: 'problem', ...result.problem });
      }
    });
  }, [run, show, values]);

  return {
    view,
    values,
    report,
    outcome,
    busy,
    setValue: (field, value) => setValues((current) => ({ ...current, [field]: value })),
    check: () => {
      setReport(undefined);
      void run(async () => setReport(await sendMessage('checkSettings', values)));
    },
    save,
    grantAccess(origins) {
      browser.permissions.request({ origins: origins.map((origin) => `${origin}/*`) }).then(
        (granted) => {
          if (granted) save();
          else
            setOutcome({
              kind: 'problem',
              message: `Not saved: without access to ${origins.join(', ')}, the extension cannot reach them. Their servers send no CORS headers for the extension, so it needs the browser's permission instead.`,
            });
        },
        (err: unknown) => setOutcome(problemOf(err)),
      );
    },
  };
}
