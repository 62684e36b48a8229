import { describeProblem, parseSettings, SettingsError, type Settings } from './config.js';

/**
 * What a field decides: `identity` the provider and the client (a policy that sets one of these
 * also locks the flows it leaves out, as off: settings/sources.ts), `flow` another user flow of
 * the same tenant ('' turns it off), `api` what the tokens are for.
 */
export type FieldRole = 'identity' | 'flow' | 'api';

/** One setting, as every source, form, schema and build variable shows it. */
export interface FieldSpec {
  readonly role: FieldRole;
  /**
   * A URL (https, or http on loopback), plain text, or a list: the JSON text of an array of objects
   * (a policy gives the array itself).
   */
  readonly kind: 'url' | 'text' | 'list';
  /** Must be set for the settings to be usable. */
  readonly required: boolean;
  /** Its name in English (a policy editor's title; an app words it itself as `field_<name>`). */
  readonly title: string;
  /** What it is, in English: for a policy schema and a build's example file. */
  readonly description: string;
}

/**
 * The settings, once: every other list of them (the validator's input, the options form, the
 * managed-storage schema, build variables and their example file) is made from this table.
 */
export const SETTINGS_FIELDS = {
  authority: {
    role: 'identity',
    kind: 'url',
    required: true,
    title: 'Authority',
    description: 'The sign-in user flow authority up to /v2.0.',
  },
  issuer: {
    role: 'identity',
    kind: 'url',
    required: false,
    title: 'Issuer',
    description: 'The issuer the provider metadata must declare (B2C: the tenant-GUID form).',
  },
  clientId: {
    role: 'identity',
    kind: 'text',
    required: true,
    title: 'Client ID',
    description: 'The application (client) id of the Single-page application registration.',
  },
  scopes: { role: 'api', kind: 'text', required: false, title: 'Scopes', description: 'Space-separated API scopes.' },
  // Required unless `apis` lists the APIs: the validator says so (settings/config.ts).
  apiUrl: { role: 'api', kind: 'url', required: false, title: 'API URL', description: 'The protected API that Call API calls.' },
  apis: {
    role: 'api',
    kind: 'list',
    required: false,
    title: 'APIs',
    description:
      'The protected APIs, each {"name", "url", "scopes"}; when not empty, they replace API URL and Scopes (one API named "API"). Sign-in asks for the first API’s scopes.',
  },
  passwordResetAuthority: {
    role: 'flow',
    kind: 'url',
    required: false,
    title: 'Password reset authority',
    description: 'Optional: the password-reset user flow authority, on the sign-in authority’s origin.',
  },
  profileEditAuthority: {
    role: 'flow',
    kind: 'url',
    required: false,
    title: 'Profile edit authority',
    description: 'Optional: the profile-edit user flow authority, on the sign-in authority’s origin.',
  },
} as const satisfies Readonly<Record<string, FieldSpec>>;

/** The settings a person (an options page) or an administrator (policy) can set. */
export type SettingsField = keyof typeof SETTINGS_FIELDS;

/** Settings as typed and stored: one string per field; '' turns an optional one off. */
export type SettingsValues = Partial<Record<SettingsField, string>>;

/** The fields of the other user flows (password reset, profile edit). */
export type FlowField = {
  [F in SettingsField]: (typeof SETTINGS_FIELDS)[F]['role'] extends 'flow' ? F : never;
}[SettingsField];

/** Every field, in table order. */
export const FIELD_NAMES = Object.keys(SETTINGS_FIELDS) as readonly SettingsField[];

/** The fields that name the provider and the client: authority, issuer, client id. */
export const IDENTITY_FIELDS: readonly SettingsField[] = FIELD_NAMES.filter(
  (field) => SETTINGS_FIELDS[field].role === 'identity',
);

/** The fields that hold a URL, in table order. */
export const URL_FIELDS: readonly SettingsField[] = FIELD_NAMES.filter((field) => SETTINGS_FIELDS[field].kind === 'url');

/** The other user flows' fields, in table order. */
export const FLOW_FIELDS: readonly FlowField[] = FIELD_NAMES.filter(
  (field): field is FlowField => SETTINGS_FIELDS[field].role === 'flow',
);

/** The longest value of a field a message or storage may carry: a list holds up to MAX_APIS entries. */
export function maxValueLength(field: SettingsField): number {
  return SETTINGS_FIELDS[field].kind === 'list' ? 16 * 1024 : 2048;
}

/**
 * True when `value` is a record of fields with string values and nothing else: what a message or
 * storage may carry as SettingsValues.
 */
export function isSettingsValues(value: unknown): value is SettingsValues {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([key, item]) =>
      (FIELD_NAMES as readonly string[]).includes(key) &&
      typeof item === 'string' &&
      item.length <= maxValueLength(key as SettingsField),
  );
}

/** A value the validator refuses, in plain words: "Authority must use https://…". */
export interface ValuesProblem {
  readonly field: SettingsField;
  readonly message: string;
}

/**
 * Validates values with the one validator (parseSettings), and gives its refusal as the field and
 * its words (what an options page, Check and the popup show).
 *
 * @throws what is not a SettingsError (a programmer error).
 */
export function validateSettings(values: SettingsValues): { config: Settings } | { problem: ValuesProblem } {
  try {
    return { config: parseSettings(values) };
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    return { problem: { field: err.field, message: describeProblem(err.field, err.problem, err.substitutions, err.entry) } };
  }
}
