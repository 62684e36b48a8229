import { checkConfig, type CheckReport } from './check-config';
import { buildValues, mergeConfig, savedConfigItem, toConfigState, type ConfigState } from './config-sources';
import { FIELD_NAMES, isConfigValues, type ConfigValues } from './config-fields';
import type { ConfiguredAuth } from './configured-auth';
import { AppError } from './errors';
import { originsNeedingAccess } from './host-access';
import type { SaveResult, SettingsView } from './messages';

function toView(state: ConfigState, redirectUri: string): SettingsView {
  return { values: state.values, locked: state.locked, redirectUri, ...(state.problem ? { problem: state.problem } : {}) };
}

/** The settings in force, for the options page. */
export async function settingsView(configured: ConfiguredAuth, redirectUri: string): Promise<SettingsView> {
  return toView(await configured.state(), redirectUri);
}

function asValues(value: unknown): ConfigValues {
  if (!isConfigValues(value)) throw new AppError('bad_request');
  return value;
}

/** The page's values with the administrator's in place of any locked field. */
function withLocked(values: ConfigValues, state: ConfigState): ConfigValues {
  const result: ConfigValues = {};
  for (const field of FIELD_NAMES) {
    const value = state.locked.includes(field) ? state.values[field] : values[field];
    if (value !== undefined) result[field] = value.trim();
  }
  return result;
}

/** Runs "Check" on the page's values (locked fields as the administrator set them). Saves nothing. */
export async function checkSettings(configured: ConfiguredAuth, redirectUri: string, value: unknown): Promise<CheckReport> {
  const state = await configured.state();
  return checkConfig(withLocked(asValues(value), state), { redirectUri });
}

/**
 * "Save": validates the page's values with the one validator, makes sure the extension can reach
 * every origin, stores them in storage.local and applies them at once (a new authority, issuer or
 * client id ends the session first). Nothing is saved when any of that fails.
 *
 * @throws AppError `bad_request` for a value that is not a settings record.
 */
export async function saveSettings(configured: ConfiguredAuth, redirectUri: string, value: unknown): Promise<SaveResult> {
  const state = await configured.state();
  const values = asValues(value);
  const saved: ConfigValues = {};
  for (const field of FIELD_NAMES) {
    const typed = values[field];
    // An administrator's value wins anyway; it is not copied into the user's.
    if (typed !== undefined && !state.locked.includes(field)) saved[field] = typed.trim();
  }
  const managed = Object.fromEntries(state.locked.map((field) => [field, state.values[field]]));
  const next = toConfigState(mergeConfig(buildValues(), saved, managed));
  if (!next.config) return { saved: false, problem: next.problem ?? { message: 'These settings are not valid.' } };
  const needsHostAccess = await originsNeedingAccess(next.config);
  if (needsHostAccess.length > 0) return { saved: false, needsHostAccess };
  await savedConfigItem.setValue(saved);
  return { saved: true, settings: toView(await configured.reload(), redirectUri) };
}
