import { browser } from 'wxt/browser';
import { buildTimeEnv, type Config } from './config';
import {
  envToValues,
  FIELD_NAMES,
  FLOW_FIELDS,
  IDENTITY_FIELDS,
  validateConfigValues,
  type ConfigField,
  type ConfigValues,
  type ValuesProblem,
} from './config-fields';
import { defineItem } from './storage-item';

/** What the user saved in the options page: not secret (this is a public client). */
export const savedConfigItem = defineItem<ConfigValues>('local:config');

/** The configuration in force, where each value came from, and why it is not usable if it is not. */
export interface ConfigState {
  /** Per field, the value in force: managed, else saved, else build-time. */
  readonly values: ConfigValues;
  /** Fields an administrator set by policy (storage.managed): shown read-only. */
  readonly locked: readonly ConfigField[];
  readonly config?: Config;
  /** Why there is no usable configuration: the field and plain words. */
  readonly problem?: ValuesProblem;
}

/** Keeps the fields of `raw` that hold strings (what a policy or an old save may hold otherwise is dropped). */
function pickValues(raw: unknown): ConfigValues {
  const values: ConfigValues = {};
  if (typeof raw !== 'object' || raw === null) return values;
  for (const field of FIELD_NAMES) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value.trim();
  }
  return values;
}

/**
 * Sources in rising order: build-time < saved < managed. Managed fields are locked, and so are the
 * flows a policy that names the provider or the client leaves out: they are off.
 */
export function mergeConfig(
  build: ConfigValues,
  saved: ConfigValues,
  managed: ConfigValues,
): Pick<ConfigState, 'values' | 'locked'> {
  const policy = withFlowsOff(managed);
  const locked = FIELD_NAMES.filter((field) => policy[field] !== undefined);
  return { values: { ...build, ...saved, ...policy }, locked };
}

// The administrator who names the provider or the client decides its user flows too: a flow the
// policy leaves out is off (''), not the build's or the user's.
function withFlowsOff(managed: ConfigValues): ConfigValues {
  if (!IDENTITY_FIELDS.some((field) => managed[field] !== undefined)) return managed;
  const off = Object.fromEntries(FLOW_FIELDS.map((field) => [field, '']));
  return { ...off, ...managed };
}

/** Validates merged values into the state: the config, or the first problem naming its field. */
export function toConfigState(merged: Pick<ConfigState, 'values' | 'locked'>): ConfigState {
  return { ...merged, ...validateConfigValues(merged.values) };
}

/** What an administrator set (Chrome and Edge policy, Firefox policies.json); nothing when there is no policy. */
async function readManaged(): Promise<ConfigValues> {
  try {
    return pickValues(await browser.storage.managed.get(null));
  } catch {
    // Firefox throws without a policy ("Managed storage manifest not found").
    return {};
  }
}

/** The build-time values, as fields. */
function buildValues(): ConfigValues {
  return envToValues(buildTimeEnv());
}

/** Reads the three sources and validates their merge with the one validator. */
export async function loadConfigState(): Promise<ConfigState> {
  const [saved, managed] = await Promise.all([savedConfigItem.getValue(), readManaged()]);
  return toConfigState(mergeConfig(buildValues(), pickValues(saved), managed));
}
