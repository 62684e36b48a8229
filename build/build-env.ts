/**
 * Which WXT_* configuration a build uses. The local provider's values apply only to a build whose
 * WXT_AUTHORITY is not set: a tenant's build (WXT_AUTHORITY in .env.local, another .env file or
 * the environment) uses exactly the variables it sets, and never picks up the local provider's
 * issuer, client id, scopes, API URL or user flows.
 */
import { FIELD_NAMES, type SettingsField } from 'mv3-signin/settings';
import { buildVariable, type BuildEnv } from '../lib/build-settings';
import * as local from './local-defaults';

/** A configuration variable of the field table (WXT_AUTHORITY … WXT_PROFILE_EDIT_AUTHORITY). */
export type FieldVariable = ReturnType<typeof buildVariable>;

/**
 * Set to a non-empty value for a build with no WXT_* configuration at all, whatever the files and
 * the environment say (`npm run build:unconfigured`): it is set up later in the options page or by
 * policy. Not a WXT_ name, so the bundle never carries it.
 */
export const UNCONFIGURED_VARIABLE = 'BUILD_UNCONFIGURED';

/** The local provider and API on their default ports (build/local-defaults.ts): `npm run build` with nothing set. */
const LOCAL_PROVIDER_VALUES: Readonly<Record<SettingsField, string>> = {
  authority: local.authorityFor(),
  issuer: local.issuerFor(),
  clientId: local.CLIENT_ID,
  scopes: local.API_SCOPE,
  apiUrl: local.apiUrlFor(),
  passwordResetAuthority: local.authorityFor(local.IDP_PORT, local.PASSWORD_RESET_POLICY),
  profileEditAuthority: local.authorityFor(local.IDP_PORT, local.PROFILE_EDIT_POLICY),
};

/** The same, as build variables. */
export const LOCAL_PROVIDER_ENV: Readonly<Record<FieldVariable, string>> = Object.fromEntries(
  FIELD_NAMES.map((field) => [buildVariable(field), LOCAL_PROVIDER_VALUES[field]]),
);

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
