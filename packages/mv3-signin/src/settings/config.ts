import { requestedScopes } from './b2c.js';
import { SignInError } from '../core/errors.js';
import { word, type SettingsProblem } from '../core/words.js';
import type { SettingsField, SettingsValues } from './fields.js';
import { isLoopbackHost, trimTrailingSlashes } from '../core/url.js';

/**
 * B2C's user flows (policies), named as the operations that run them (`signIn()`, `editProfile()`,
 * the popup's `journey`): each has an authority, and with it metadata, of its own.
 */
export type UserFlow = (typeof USER_FLOWS)[number];

const USER_FLOWS = ['signIn', 'resetPassword', 'editProfile'] as const;

/** A user flow's name: false for anything else, e.g. a name stored by an earlier version. */
export function isUserFlow(value: unknown): value is UserFlow {
  return (USER_FLOWS as readonly unknown[]).includes(value);
}

/**
 * One protected API: the sign-in gets a token for the first; another API's token is redeemed with
 * the refresh token and that API's scopes when first needed (B2C allows one resource per token).
 */
export interface ApiSettings {
  /** Its label: the popup's "Call <name>", and how a page names it (unique). */
  readonly name: string;
  readonly url: URL;
  /** Its scopes, as configured (without openid and offline_access). */
  readonly scopes: readonly string[];
}

/** The name of the one API of the shorthand settings (`apiUrl` and `scopes`). */
export const DEFAULT_API_NAME = 'API';

/** The validated settings: from the build, the options page or policy (settings/sources.ts), all through parseConfig. */
export interface Settings {
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
  /** The protected APIs, the sign-in's first. */
  readonly apis: readonly ApiSettings[];
  /** The origins the extension talks to (the authority's and the API's): the manifest's host_permissions. */
  readonly origins: readonly string[];
}

/** What the validator refuses, and about which field: it reads "<label> must use https://…" in words. */
export class SettingsError extends SignInError {
  readonly field: SettingsField;
  /** What is wrong: `config_http_not_loopback` ("$1 must use https:// (…)", $1 the field's label). */
  readonly problem: SettingsProblem;
  /** The words' further substitutions ($2…), e.g. the value that is no URL. */
  readonly substitutions: readonly string[];

  constructor(field: SettingsField, problem: SettingsProblem, ...substitutions: string[]) {
    super('config_invalid', describeProblem(field, problem, substitutions));
    this.name = 'SettingsError';
    this.field = field;
    this.problem = problem;
    this.substitutions = substitutions;
  }
}

/** The problem in the words in use: "Authority must use https:// (…)". */
export function describeProblem(field: SettingsField, problem: SettingsProblem, substitutions: readonly string[]): string {
  return word(problem, word(`field_${field}`), ...substitutions);
}

function assertString(values: SettingsValues, name: SettingsField): string {
  const value = values[name]?.trim();
  if (!value) throw new SettingsError(name, 'config_required');
  return value;
}

function assertUrl(values: SettingsValues, name: SettingsField, value = assertString(values, name)): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(name, 'config_not_url', value);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new SettingsError(name, 'config_http_not_loopback');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(name, 'config_not_https');
  if (url.username || url.password) throw new SettingsError(name, 'config_credentials');
  if (url.search || url.hash) throw new SettingsError(name, 'config_query');
  return url;
}

function withoutTrailingSlash(url: URL): URL {
  const copy = new URL(url);
  copy.pathname = trimTrailingSlashes(copy.pathname);
  return copy;
}

/**
 * The one validator: checks settings values (from any source) and returns frozen Settings.
 *
 * @throws SettingsError naming the first invalid field.
 */
export function parseSettings(values: SettingsValues): Settings {
  const authority = withoutTrailingSlash(assertUrl(values, 'authority'));
  const passwordResetAuthority = flowAuthorityOf(values, 'passwordResetAuthority', authority);
  const profileEditAuthority = flowAuthorityOf(values, 'profileEditAuthority', authority);
  // Plain OpenID providers use the authority itself as issuer; B2C needs `issuer`.
  const issuer = values.issuer?.trim() ? assertUrl(values, 'issuer') : new URL(authority);
  const clientId = assertString(values, 'clientId');
  if (/\s/.test(clientId)) throw new SettingsError('clientId', 'config_spaces');
  const configured = (values.scopes ?? '').split(/\s+/).filter(Boolean);
  const apiUrl = assertUrl(values, 'apiUrl');
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
    apis: Object.freeze([Object.freeze({ name: DEFAULT_API_NAME, url: apiUrl, scopes: Object.freeze(configured) })]),
    origins: Object.freeze(origins),
  });
}

// Every user flow of one tenant is on the sign-in authority's origin (B2C's are). A flow on another
// host could sign ID tokens that claim the tenant's issuer with keys of its own (the issuer check
// is a string compare, and each flow's keys come from its own jwks_uri): one tenant, one key set.
function flowAuthorityOf(values: SettingsValues, name: SettingsField, authority: URL): URL | undefined {
  if (!values[name]?.trim()) return undefined;
  const url = withoutTrailingSlash(assertUrl(values, name));
  if (url.origin !== authority.origin) throw new SettingsError(name, 'config_flow_origin', authority.origin);
  return url;
}

/**
 * The authority of a user flow. The `issuer` pin applies to every flow: B2C's issuer names the
 * tenant, not the flow.
 *
 * @returns undefined for a flow that is not configured.
 */
export function flowAuthority(config: Settings, flow: UserFlow): URL | undefined {
  switch (flow) {
    case 'signIn':
      return config.authority;
    case 'resetPassword':
      return config.passwordResetAuthority;
    case 'editProfile':
      return config.profileEditAuthority;
  }
}

/**
 * The API named `name`, or the first (the sign-in's) without a name.
 *
 * @throws SignInError `api_unknown` when no API has that name.
 */
export function apiNamed(config: Settings, name?: string): ApiSettings {
  const api = name === undefined ? config.apis[0] : config.apis.find((candidate) => candidate.name === name);
  if (!api) throw new SignInError('api_unknown');
  return api;
}
