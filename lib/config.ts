import { requestedScopes } from './b2c';
import { t, type MessageKey } from './i18n';
import { isLoopbackHost, trimTrailingSlashes } from './url';

/** B2C's user flows (policies): each has an authority, and with it metadata, of its own. */
export type UserFlow = 'signIn' | 'passwordReset' | 'profileEdit';

/** The validated settings: from the build, the options page or policy (lib/config-sources.ts), all through parseConfig. */
export interface Config {
  /** The sign-in authority, policy included; discovery is at `${authority}/.well-known/openid-configuration`. */
  readonly authority: URL;
  /** The password-reset user flow's authority, if configured (on the authority's origin): AADB2C90118 then starts it. */
  readonly passwordResetAuthority?: URL;
  /** The profile-edit user flow's authority, if configured (on the authority's origin): the popup then offers "Edit profile". */
  readonly profileEditAuthority?: URL;
  /** The `issuer` the metadata must carry (B2C: the tenant-GUID form, which differs from the authority). */
  readonly issuer: URL;
  readonly clientId: string;
  /** The scopes to request, as sent. */
  readonly scopes: readonly string[];
  /** The protected API that "Call API" calls. */
  readonly apiUrl: URL;
  /** The origins the extension talks to (the authority's and the API's): the manifest's host_permissions. */
  readonly origins: readonly string[];
}

/** The variables, as `import.meta.env` or `process.env` carries them (and lib/config-fields.ts maps fields to). */
export type ConfigEnv = Partial<Record<ConfigVariable, string | undefined>>;
export type ConfigVariable =
  | 'WXT_AUTHORITY'
  | 'WXT_ISSUER'
  | 'WXT_CLIENT_ID'
  | 'WXT_SCOPES'
  | 'WXT_API_URL'
  | 'WXT_PASSWORD_RESET_AUTHORITY'
  | 'WXT_PROFILE_EDIT_AUTHORITY'
  | 'WXT_EXTENSION_KEY'
  | 'WXT_GECKO_ID';

/** What the validator refuses: a message in public/_locales whose $1 is the name of what is wrong. */
export type ConfigProblem = Extract<MessageKey, `config_${string}`>;

/** A configuration error that names the variable and, as a message name, what is wrong with it. */
export class ConfigError extends TypeError {
  readonly variable: ConfigVariable;
  /** What is wrong: `config_http_not_loopback` ("… must use https:// (…)"). */
  readonly problem: ConfigProblem;
  /** The message's further substitutions ($2…), e.g. the value that is no URL. */
  readonly substitutions: readonly string[];

  constructor(variable: ConfigVariable, problem: ConfigProblem, ...substitutions: string[]) {
    // The words come at the edge, in the reader's language (describe(); the build: build/manifest.ts).
    super(`"${variable}" ${problem}`);
    this.name = this.constructor.name;
    this.variable = variable;
    this.problem = problem;
    this.substitutions = substitutions;
  }

  /** The problem in plain words, in the browser's language, about `name` (a field's label): "Authority must use https:// (…)". */
  describe(name: string): string {
    return t(this.problem, name, ...this.substitutions);
  }
}

function assertString(env: ConfigEnv, name: ConfigVariable): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'config_required');
  return value;
}

function assertUrl(env: ConfigEnv, name: ConfigVariable, value = assertString(env, name)): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'config_not_url', value);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(name, 'config_http_not_loopback');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(name, 'config_not_https');
  if (url.username || url.password) throw new ConfigError(name, 'config_credentials');
  if (url.search || url.hash) throw new ConfigError(name, 'config_query');
  return url;
}

function withoutTrailingSlash(url: URL): URL {
  const copy = new URL(url);
  copy.pathname = trimTrailingSlashes(copy.pathname);
  return copy;
}

/**
 * Validates the WXT_* variables and returns a frozen Config.
 *
 * @throws ConfigError naming the first invalid variable.
 */
export function parseConfig(env: ConfigEnv): Config {
  const authority = withoutTrailingSlash(assertUrl(env, 'WXT_AUTHORITY'));
  const passwordResetAuthority = flowAuthorityOf(env, 'WXT_PASSWORD_RESET_AUTHORITY', authority);
  const profileEditAuthority = flowAuthorityOf(env, 'WXT_PROFILE_EDIT_AUTHORITY', authority);
  // Plain OpenID providers use the authority itself as issuer; B2C needs WXT_ISSUER.
  const issuer = env.WXT_ISSUER?.trim() ? assertUrl(env, 'WXT_ISSUER') : new URL(authority);
  const clientId = assertString(env, 'WXT_CLIENT_ID');
  if (/\s/.test(clientId)) throw new ConfigError('WXT_CLIENT_ID', 'config_spaces');
  const configured = (env.WXT_SCOPES ?? '').split(/\s+/).filter(Boolean);
  const apiUrl = assertUrl(env, 'WXT_API_URL');
  // The other user flows share the authority's origin, so they add none of their own.
  const origins = [...new Set([authority.origin, apiUrl.origin])];
  return Object.freeze({
    authority,
    ...(passwordResetAuthority ? { passwordResetAuthority } : {}),
    ...(profileEditAuthority ? { profileEditAuthority } : {}),
    issuer,
    clientId,
    scopes: Object.freeze(requestedScopes(configured, clientId)),
    apiUrl,
    origins: Object.freeze(origins),
  });
}

// Every user flow of one tenant is on the sign-in authority's origin (B2C's are). A flow on another
// host could sign ID tokens that claim the tenant's issuer with keys of its own (the issuer check
// is a string compare, and each flow's keys come from its own jwks_uri): one tenant, one key set.
function flowAuthorityOf(env: ConfigEnv, name: ConfigVariable, authority: URL): URL | undefined {
  if (!env[name]?.trim()) return undefined;
  const url = withoutTrailingSlash(assertUrl(env, name));
  if (url.origin !== authority.origin) throw new ConfigError(name, 'config_flow_origin', authority.origin);
  return url;
}

/**
 * The authority of a user flow. The WXT_ISSUER pin applies to every flow: B2C's issuer names the
 * tenant, not the flow.
 *
 * @returns undefined for a flow that is not configured.
 */
export function flowAuthority(config: Config, flow: UserFlow): URL | undefined {
  switch (flow) {
    case 'signIn':
      return config.authority;
    case 'passwordReset':
      return config.passwordResetAuthority;
    case 'profileEdit':
      return config.profileEditAuthority;
  }
}

/** The build-time variables (WXT_*), as the bundle carries them. */
export function buildTimeEnv(): ConfigEnv {
  return {
    WXT_AUTHORITY: import.meta.env.WXT_AUTHORITY,
    WXT_ISSUER: import.meta.env.WXT_ISSUER,
    WXT_CLIENT_ID: import.meta.env.WXT_CLIENT_ID,
    WXT_SCOPES: import.meta.env.WXT_SCOPES,
    WXT_API_URL: import.meta.env.WXT_API_URL,
    WXT_PASSWORD_RESET_AUTHORITY: import.meta.env.WXT_PASSWORD_RESET_AUTHORITY,
    WXT_PROFILE_EDIT_AUTHORITY: import.meta.env.WXT_PROFILE_EDIT_AUTHORITY,
  };
}
