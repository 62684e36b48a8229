import { ConfigError, parseConfig, type Config, type ConfigEnv, type ConfigVariable } from './config';
import { t } from './i18n';

/** The settings a person (the options page) or an administrator (policy) can set. */
export type ConfigField =
  'authority' | 'issuer' | 'clientId' | 'scopes' | 'apiUrl' | 'passwordResetAuthority' | 'profileEditAuthority';

/** Settings as typed and stored: one string per field; '' turns an optional one off. */
export type ConfigValues = Partial<Record<ConfigField, string>>;

/**
 * What a field decides: `identity` the provider and the client (a policy that sets one of these
 * also locks the flows it leaves out, as off: lib/config-sources.ts), `flow` another user flow of
 * the same tenant ('' turns it off), `api` what the tokens are for.
 */
export type FieldRole = 'identity' | 'flow' | 'api';

/**
 * Each field's build-time variable and role (its visible label is `field_<field>` in
 * public/_locales: fieldLabel()).
 */
export const CONFIG_FIELDS = {
  authority: { variable: 'WXT_AUTHORITY', role: 'identity' },
  issuer: { variable: 'WXT_ISSUER', role: 'identity' },
  clientId: { variable: 'WXT_CLIENT_ID', role: 'identity' },
  scopes: { variable: 'WXT_SCOPES', role: 'api' },
  apiUrl: { variable: 'WXT_API_URL', role: 'api' },
  passwordResetAuthority: { variable: 'WXT_PASSWORD_RESET_AUTHORITY', role: 'flow' },
  profileEditAuthority: { variable: 'WXT_PROFILE_EDIT_AUTHORITY', role: 'flow' },
} as const satisfies Readonly<Record<ConfigField, { readonly variable: ConfigVariable; readonly role: FieldRole }>>;

/** The fields of the other user flows (password reset, profile edit). */
export type FlowField = { [F in ConfigField]: (typeof CONFIG_FIELDS)[F]['role'] extends 'flow' ? F : never }[ConfigField];

export const FIELD_NAMES = Object.keys(CONFIG_FIELDS) as readonly ConfigField[];

/** The fields that name the provider and the client: authority, issuer, client id. */
export const IDENTITY_FIELDS: readonly ConfigField[] = FIELD_NAMES.filter((field) => CONFIG_FIELDS[field].role === 'identity');

/** The other user flows' fields, in table order. */
export const FLOW_FIELDS: readonly FlowField[] = FIELD_NAMES.filter(
  (field): field is FlowField => CONFIG_FIELDS[field].role === 'flow',
);

/** A field's visible label, in the browser's language (the options page's, and its errors'). */
export function fieldLabel(field: ConfigField): string {
  return t(`field_${field}`);
}

/** The field a variable belongs to, if any. */
function fieldOf(variable: ConfigVariable): ConfigField | undefined {
  return FIELD_NAMES.find((field) => CONFIG_FIELDS[field].variable === variable);
}

/** Values as the validator's variables. */
function valuesToEnv(values: ConfigValues): ConfigEnv {
  const env: ConfigEnv = {};
  for (const field of FIELD_NAMES) {
    const value = values[field];
    if (value !== undefined) env[CONFIG_FIELDS[field].variable] = value;
  }
  return env;
}

/** The variables as values (only the fields that have one). */
export function envToValues(env: ConfigEnv): ConfigValues {
  const values: ConfigValues = {};
  for (const field of FIELD_NAMES) {
    const value = env[CONFIG_FIELDS[field].variable];
    if (value !== undefined) values[field] = value.trim();
  }
  return values;
}

/**
 * True when `value` is a record of this page's fields with string values and nothing else: what a
 * message or storage may carry as ConfigValues.
 */
export function isConfigValues(value: unknown): value is ConfigValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([key, item]) => (FIELD_NAMES as readonly string[]).includes(key) && typeof item === 'string' && item.length <= 2048,
  );
}

/**
 * Validates values with the one validator (lib/config.ts).
 *
 * @throws ConfigError naming the first invalid variable; fieldOf(err.variable) gives its field.
 */
export function parseConfigValues(values: ConfigValues): Config {
  return parseConfig(valuesToEnv(values));
}

/** A value the validator refuses, in plain words: "Authority must use https://…". */
export interface ValuesProblem {
  readonly field?: ConfigField;
  readonly message: string;
}

/**
 * Validates values with the one validator, and words its refusal with the field's label (what the
 * options page, Check and the popup show).
 *
 * @throws what is not a ConfigError (a programmer error).
 */
export function validateConfigValues(values: ConfigValues): { config: Config } | { problem: ValuesProblem } {
  try {
    return { config: parseConfigValues(values) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const field = fieldOf(err.variable);
    return {
      problem: field ? { field, message: err.describe(fieldLabel(field)) } : { message: err.describe(`"${err.variable}"`) },
    };
  }
}
