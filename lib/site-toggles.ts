import type { SiteAccess } from 'mv3-signin';
import { httpOrigin, type SettingsValues } from 'mv3-signin/settings';
import { apiRowsOf } from './api-rows';

/** One "Show on <origin>" of the options page: an API, and its own origin (where its demo page is). */
export interface SiteToggle {
  readonly api: string;
  readonly origin: string;
}

/**
 * The toggles for the settings in force: one per API whose URL is an http(s) URL, on that URL's origin, in the
 * order of the APIs. An API whose settings are not usable yet has none.
 */
export function siteToggles(values: SettingsValues): SiteToggle[] {
  return apiRowsOf(values).flatMap(({ name, url }): SiteToggle[] => {
    const api = name.trim();
    const origin = httpOrigin(url.trim());
    return api && origin ? [{ api, origin }] : [];
  });
}

/** True when `sites` (client.getSites()) records `toggle`'s API as allowed on its origin. */
export function isShown(sites: readonly SiteAccess[], { api, origin }: SiteToggle): boolean {
  return sites.some((site) => site.origin === origin && site.apis.includes(api));
}
