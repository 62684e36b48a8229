import { extensionApi } from '../core/browser.js';
import type { Settings } from './config.js';
import {
  FIELD_NAMES,
  FLOW_FIELDS,
  IDENTITY_FIELDS,
  SETTINGS_FIELDS,
  validateSettings,
  type SettingsField,
  type SettingsValues,
  type ValuesProblem,
} from './fields.js';
import { defineItem } from '../core/storage-item.js';

/** What the user saved in the options page: not secret (this is a public client). */
export const savedSettingsItem = defineItem<SettingsValues>('local:config');

/**
 * The origins of the settings last put in force (service/host-access.ts): host access granted for
 * them, and needed no more, is removed; anything else granted is the extension's own business.
 */
export const settingsOriginsItem = defineItem<string[]>('local:settingsOrigins');

/** The configuration in force, where each value came from, and why it is not usable if it is not. */
export interface SettingsState {
  /** Per field, the value in force: managed, else saved, else build-time. */
  readonly values: SettingsValues;
  /** Fields an administrator set by policy (storage.managed): shown read-only. */
  readonly locked: readonly SettingsField[];
  readonly config?: Settings;
  /** Why there is no usable configuration: the field and plain words. */
  readonly problem?: ValuesProblem;
}

/**
 * Keeps the fields of `raw` that hold strings, and of a list field (`apis`) an array as its JSON
 * text, as a policy gives it; whatever else a policy or an old save may hold is dropped.
 */
export function pickValues(raw: unknown): SettingsValues {
  const values: SettingsValues = {};
  if (typeof raw !== 'object' || raw === null) return values;
  for (const field of FIELD_NAMES) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value.trim();
    else if (SETTINGS_FIELDS[field].kind === 'list' && Array.isArray(value)) values[field] = JSON.stringify(value);
  }
  return values;
}

/**
 * Sources in rising order: build-time < saved < managed. Managed fields are locked, and so are the
 * flows a policy that names the provider or the client leaves out: they are off.
 */
export function mergeSettings(
  build: SettingsValues,
  saved: SettingsValues,
  managed: SettingsValues,
): Pick<SettingsState, 'values' | 'locked'> {
  const policy = withFlowsOff(managed);
  const locked = FIELD_NAMES.filter((field) => policy[field] !== undefined);
  return { values: { ...withoutApiList({ ...build, ...saved }, managed), ...policy }, locked };
}

// A list of APIs wins over API URL and Scopes: an administrator who sets these and no list decides
// the one API, so a list from the build or the user is dropped (and the options page offers none).
function withoutApiList(lower: SettingsValues, managed: SettingsValues): SettingsValues {
  if (managed.apis !== undefined || (managed.apiUrl === undefined && managed.scopes === undefined)) return lower;
  const { apis: _dropped, ...rest } = lower;
  return rest;
}

// The administrator who names the provider or the client decides its user flows too: a flow the
// policy leaves out is off (''), not the build's or the user's.
function withFlowsOff(managed: SettingsValues): SettingsValues {
  if (!IDENTITY_FIELDS.some((field) => managed[field] !== undefined)) return managed;
  const off = Object.fromEntries(FLOW_FIELDS.map((field) => [field, '']));
  return { ...off, ...managed };
}

/** Validates merged values into the state: the config, or the first problem naming its field. */
export function toSettingsState(merged: Pick<SettingsState, 'values' | 'locked'>): SettingsState {
  return { ...merged, ...validateSettings(merged.values) };
}

/** What an administrator set (Chrome and Edge policy, Firefox policies.json); nothing when there is no policy. */
async function readManaged(): Promise<SettingsValues> {
  try {
    return pickValues(await extensionApi().storage.managed.get(null));
  } catch {
    // Firefox throws without a policy ("Managed storage manifest not found").
    return {};
  }
}

/** Reads the settings in force: what `createSignIn` calls at start, on every change and before adopting a sign-in. */
export interface SettingsSource {
  (): Promise<SettingsState>;
  /**
   * True when the source reads what an options page saves (`saveSettings`, in storage.local):
   * without it, Save is refused with `settings_fixed` rather than storing values nothing reads.
   */
  readonly readsSaved?: boolean;
}

/** Where settings come from, in rising order: a build's values, what the user saved, policy. */
export interface SettingsLayers {
  /** Built in (e.g. from the build's environment): the lowest layer. */
  readonly build?: SettingsValues;
  /** What an options page saved in storage.local (`saveSettings`); default true. */
  readonly saved?: boolean;
  /** What an administrator set by policy (storage.managed); default true. */
  readonly managed?: boolean;
}

/**
 * A source that reads the layers on every call and merges them field by field, policy winning,
 * through the one validator. Policy fields are locked, and a policy that names the provider or the
 * client turns off the user flows it leaves out.
 */
export function layeredSettings({ build = {}, saved = true, managed = true }: SettingsLayers = {}): SettingsSource {
  const base = pickValues(build);
  const read = async () => {
    const [user, policy] = await Promise.all([saved ? savedSettingsItem.getValue() : undefined, managed ? readManaged() : {}]);
    return toSettingsState(mergeSettings(base, pickValues(user), policy));
  };
  return Object.assign(read, { readsSaved: saved });
}

/** A source of fixed settings: `values` and nothing else. */
export function fixedSettings(values: SettingsValues): SettingsSource {
  const state = toSettingsState({ values: pickValues(values), locked: [] });
  return async () => state;
}
