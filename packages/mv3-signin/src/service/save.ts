import { gatherCheckFacts, type CheckRequests } from '../check/facts.js';
import { FIELD_NAMES, type SettingsField, type SettingsValues, type ValuesProblem } from '../settings/fields.js';
import { savedSettingsItem } from '../settings/sources.js';
import type { SettingsView } from '../messaging/protocol.js';

/** The answer to "Save". */
export type SaveResult =
  | { readonly saved: true; readonly settings: SettingsView }
  /** A value the validator refuses: nothing was saved. */
  | { readonly saved: false; readonly problem: ValuesProblem }
  /** These origins answer without CORS for the extension: grant them, then save again. */
  | { readonly saved: false; readonly needsHostAccess: readonly string[] };

export interface SaveRequests extends CheckRequests {
  /** Has the background re-read the settings and apply them (service/configured.ts). */
  apply(): Promise<SettingsView>;
}

/**
 * "Save" in the options page: the page's values (an administrator's in place of locked fields)
 * are validated with the one validator and checked for origins that need a host permission; only
 * then are they stored in storage.local and applied at once (a new authority, issuer or client id
 * ends the session first). Nothing is stored when a check fails.
 */
export async function saveSettings(values: SettingsValues, view: SettingsView, requests: SaveRequests): Promise<SaveResult> {
  const merged = withLocked(values, view);
  // An administrator's value wins anyway; it is not copied into the user's.
  const saved = Object.fromEntries(Object.entries(merged).filter(([field]) => !view.locked.includes(field as SettingsField)));
  const facts = await gatherCheckFacts(merged, requests);
  if (facts.problem) return { saved: false, problem: facts.problem };
  if (facts.needsHostAccess.length > 0) return { saved: false, needsHostAccess: facts.needsHostAccess };
  await savedSettingsItem.setValue(saved);
  return { saved: true, settings: await requests.apply() };
}

/** The page's values, trimmed, with an administrator's in place of every locked field: what Check and Save look at. */
export function withLocked(values: SettingsValues, view: SettingsView): SettingsValues {
  const merged: SettingsValues = {};
  // A policy of API URL or Scopes and no list decides the one API: a list is dropped, as the merge
  // of the sources drops it (settings/sources.ts).
  const locked = (field: SettingsField) => view.locked.includes(field);
  const apiByPolicy = !locked('apis') && (locked('apiUrl') || locked('scopes'));
  for (const field of FIELD_NAMES) {
    if (field === 'apis' && apiByPolicy) continue;
    const value = (view.locked.includes(field) ? view.values[field] : values[field])?.trim();
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}
