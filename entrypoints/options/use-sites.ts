import { errorWords } from '@/lib/error-words';
import { t } from '@/lib/i18n';
import type { SiteAccess } from 'mv3-signin';
import type { SiteToggle } from '@/lib/site-toggles';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { client } from './client';

export interface Sites {
  /** Where the user allowed which APIs (client.getSites()), once the background answered. */
  readonly sites: readonly SiteAccess[] | undefined;
  /** Why the last change did not happen, in words. */
  readonly problem: string | undefined;
  /**
   * Turns "Show on <origin>" on or off for `toggle`'s API. Call it straight from the click (or change) handler:
   * turning on starts with the browser's permission request, which needs the user's gesture.
   */
  toggle: (toggle: SiteToggle, on: boolean) => void;
}

/** The options page's sites: what is allowed, and the toggles' action; `announce` says what a toggle did. */
export function useSites(announce: (text: string) => void): Sites {
  const [sites, setSites] = useState<readonly SiteAccess[]>();
  const [problem, setProblem] = useState<string>();

  // A new array each time, so the checkboxes render the truth again after a refused change.
  const reload = useCallback(
    () =>
      client.getSites().then(
        (next) => setSites([...next]),
        (err: unknown) => setProblem(errorWords(err)),
      ),
    [],
  );
  useEffect(() => void reload(), [reload]);

  return {
    sites,
    problem,
    toggle({ api, origin }, on) {
      // First, before any state change or await: permissions.request only works within the user's gesture.
      const done = on ? client.allowSite(api, origin) : client.disallowSite(api, origin).then(() => true);
      setProblem(undefined);
      void done
        .then(
          (changed) => {
            if (!changed) setProblem(t('options_site_refused', origin));
            else announce(t(on ? 'options_site_shown' : 'options_site_hidden', api, origin));
          },
          (err: unknown) => setProblem(errorWords(err)),
        )
        .then(reload);
    },
  };
}
