import { gatherCheckFacts, type CheckRequests } from './check-facts';
import type { CheckLine } from './check-report';
import { FIELD_NAMES, type ConfigValues } from './config-fields';
import { savedConfigItem } from './config-sources';
import type { SettingsView } from './messages';

/** The answer to "Save". */
export type SaveResult =
  | { readonly saved: true; readonly settings: SettingsView }
  /** A value the validator refuses: nothing was saved. */
  | { readonly saved: false; readonly problem: CheckLine }
  /** These origins answer without CORS for the extension: grant them, then save again. */
  | { readonly saved: false; readonly needsHostAccess: readonly string[] };

export interface SaveRequests extends CheckRequests {
  /** Has the background re-read the settings and apply them (lib/configured-auth.ts). */
  apply(): Promise<SettingsView>;
}

/**
 * "Save" in the options page: the page's values (an administrator's in place of locked fields)
 * are validated with the one validator and checked for origins that need a host permission; only
 * then are they stored in storage.local and applied at once (a new authority, issuer or client id
 * ends the session first). Nothing is stored when a check fails.
 */
export async function saveSettings(values: ConfigValues, view: SettingsView, requests: SaveRequests): Promise<SaveResult> {
  const saved: ConfigValues = {};
  const merged: ConfigValues = {};
  for (const field of FIELD_NAMES) {
    const locked = view.locked.includes(field);
    const value = (locked ? view.values[field] : values[field])?.trim();
    if (value === undefined) continue;
    merged[field] = value;
    // An administrator's value wins anyway; it is not copied into the user's.
    if (!locked) saved[field] = value;
  }
  const facts = await gatherCheckFacts(merged, requests);
  if (facts.problem) return { saved: false, problem: facts.problem };
  if (facts.needsHostAccess.length > 0) return { saved: false, needsHostAccess: facts.needsHostAccess };
  await savedConfigItem.setValue(saved);
  return { saved: true, settings: await requests.apply() };
}
