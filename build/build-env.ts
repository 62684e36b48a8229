/**
 * Which WXT_* configuration a build uses. The local provider's values apply only to a build whose
 * WXT_AUTHORITY is not set: a tenant's build (WXT_AUTHORITY in .env.local, another .env file or
 * the environment) uses exactly the variables it sets, and never picks up the local provider's
 * issuer, client id, scopes, API URL or user flows.
 */
import { FIELD_NAMES, type SETTINGS_FIELDS, type SettingsField, type SettingsValues } from 'mv3-signin/settings';
import { buildVariable, type BuildEnv, type BuildVariable } from '../lib/build-settings';
import * as local from './local-defaults';

/** A configuration variable of the field table (WXT_AUTHORITY … WXT_PROFILE_EDIT_AUTHORITY). */
export type FieldVariable = BuildVariable;

/** The fields the table marks required. */
type RequiredField = { [F in SettingsField]: (typeof SETTINGS_FIELDS)[F]['required'] extends true ? F : never }[SettingsField];

/** Field values with every required field set: what a build for a provider gives. */
export type FieldValues = SettingsValues & Readonly<Record<RequiredField, string>>;

/**
 * A build's configuration as its variables, from the field table: the required fields'
 * variables must be set (WXT_AUTHORITY, WXT_CLIENT_ID), the others may be (the validator wants
 * WXT_API_URL or a non-empty WXT_APIS).
 */
export type FieldEnv = { [F in RequiredField as BuildVariable<F>]: string } & {
  [F in Exclude<SettingsField, RequiredField> as BuildVariable<F>]?: string;
};

/** Field values as build variables (through buildVariable): `{ apiUrl }` is `{ WXT_API_URL }`. */
export function fieldEnv(values: FieldValues): FieldEnv {
  const present = FIELD_NAMES.filter((field) => values[field] !== undefined);
  return Object.fromEntries(present.map((field) => [buildVariable(field), values[field]])) as FieldEnv;
}

/**
 * Set to a non-empty value for a build with no WXT_* configuration at all, whatever the files and
 * the environment say (`npm run build:unconfigured`): it is set up later in the options page or by
 * policy. Not a WXT_ name, so the bundle never carries it.
 */
export const UNCONFIGURED_VARIABLE = 'BUILD_UNCONFIGURED';

/** The local provider and API on their default ports (build/local-defaults.ts): `npm run build` with nothing set. */
export const LOCAL_PROVIDER_VALUES: Readonly<Record<SettingsField, string>> = {
  authority: local.authorityFor(),
  issuer: local.issuerFor(),
  clientId: local.CLIENT_ID,
  scopes: local.API_SCOPE,
  apiUrl: local.apiUrlFor(),
  // The one-API shorthand (WXT_API_URL and WXT_SCOPES): no list.
  apis: '',
  passwordResetAuthority: local.authorityFor(local.IDP_PORT, local.PASSWORD_RESET_POLICY),
  profileEditAuthority: local.authorityFor(local.IDP_PORT, local.PROFILE_EDIT_POLICY),
};

/** The same, as build variables. */
export const LOCAL_PROVIDER_ENV = fieldEnv(LOCAL_PROVIDER_VALUES) as Readonly<Record<FieldVariable, string>>;

const VARIABLES: readonly FieldVariable[] = FIELD_NAMES.map(buildVariable);

/**
 * The configuration a build uses, from what is set (the environment and the .env files, as WXT
 * loaded them into process.env): none at all when UNCONFIGURED_VARIABLE is set; exactly what is
 * set when WXT_AUTHORITY is; otherwise the local provider's, each variable replaceable (a blank
 * one turns an optional flow off).
 *
 * @returns every configuration variable, '' for one that is not set.
 */
export function resolveBuildEnv(loaded: Readonly<Record<string, string | undefined>>): Record<FieldVariable, string> {
  const unconfigured = Boolean(loaded[UNCONFIGURED_VARIABLE]?.trim());
  const defaults = unconfigured || loaded['WXT_AUTHORITY']?.trim() ? undefined : LOCAL_PROVIDER_ENV;
  // (Defaults apply only when WXT_AUTHORITY is absent or blank: theirs is then the one.)
  const given = defaults ? { ...loaded, WXT_AUTHORITY: defaults['WXT_AUTHORITY'] } : loaded;
  const resolved = {} as Record<FieldVariable, string>;
  for (const variable of VARIABLES) {
    resolved[variable] = unconfigured ? '' : (given[variable] ?? defaults?.[variable] ?? '');
  }
  return resolved;
}

/**
 * Settles the build's configuration in `env` (process.env, after WXT loaded the .env files): every
 * configuration variable is set, '' when it is not configured, so Vite, which puts process.env's
 * WXT_* before the files' in the bundle, carries exactly resolveBuildEnv's answer. The same
 * answer again when called again.
 *
 * @returns `env`, for the manifest.
 */
export function applyBuildEnv<Env extends BuildEnv & Record<string, string | undefined>>(env: Env): Env {
  return Object.assign(env, resolveBuildEnv(env));
}
