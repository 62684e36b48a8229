import { t } from '@/lib/i18n';
import type { SiteAccess } from 'mv3-signin';
import { isShown, type SiteToggle } from '@/lib/site-toggles';

export interface SiteListProps {
  toggles: readonly SiteToggle[];
  sites: readonly SiteAccess[];
  problem: string | undefined;
  onToggle: (toggle: SiteToggle, on: boolean) => void;
}

/**
 * One checkbox per API, "Show on <origin>" (the API's own origin): on, the extension's content script shows the
 * user's data from that API on that site's pages; the API's name describes it.
 */
export function SiteList({ toggles, sites, problem, onToggle }: SiteListProps) {
  return (
    <section class="sites" aria-labelledby="sites-title" data-testid="sites">
      <h2 id="sites-title">{t('options_sites_title')}</h2>
      <p class="hint">{t('options_sites_hint')}</p>
      <ul>
        {toggles.map((toggle, index) => {
          const id = `site-${index + 1}`;
          return (
            <li key={`${toggle.api}\n${toggle.origin}`}>
              <input
                type="checkbox"
                id={id}
                aria-describedby={`${id}-api`}
                checked={isShown(sites, toggle)}
                // The handler's first step is the permission request (use-sites.ts): keep it the first thing here.
                onChange={(event) => onToggle(toggle, event.currentTarget.checked)}
              />
              <label for={id}>{t('options_site_show', toggle.origin)}</label>
              <p class="hint" id={`${id}-api`}>
                {t('options_site_api', toggle.api)}
              </p>
            </li>
          );
        })}
      </ul>
      {problem && (
        <p class="alert" role="alert" data-testid="sites-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
