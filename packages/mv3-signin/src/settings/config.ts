import { requestedScopes } from './b2c.js';
import { SignInError } from '../core/errors.js';
import { parseApiList, SHORTHAND_API_NAME, splitScopes, type ApiSettings } from './apis.js';
import type { SettingsField, SettingsValues } from './fields.js';
import { parseUrlValue, SettingsError } from './problems.js';
import { trimTrailingSlashes } from '../core/url.js';

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
  /** The scopes sign-in requests, as sent: the first API's (B2C issues a token for one resource only). */
  readonly scopes: readonly string[];
  /**
   * The protected APIs, in order (at least one): the list `apis`, or else the one API named "API"
   * that `apiUrl` and `scopes` define. `callApi` calls the first.
   */
  readonly apis: readonly ApiSettings[];
  /** The origins the extension talks to (the authority's and every API's): the manifest's host_permissions. */
  readonly origins: readonly string[];
}

export { SettingsError, describeProblem } from './problems.js';
export type { ApiEntry, ApiKey } from './problems.js';
export type { ApiSettings } from './apis.js';

function assertString(values: SettingsValues, name: SettingsField): string {
  const value = values[name]?.trim();
  if (!value) throw new SettingsError(name, 'config_required');
  return value;
}

function assertUrl(values: SettingsValues, name: SettingsField): URL {
  return parseUrlValue(
    assertString(values, name),
    (problem, ...substitutions) => new SettingsError(name, problem, ...substitutions),
  );
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
  const apis = apisOf(values);
  // The other user flows share the authority's origin, so they add none of their own.
  const origins = [...new Set([authority.origin, ...apis.map(({ url }) => url.origin)])];
  return Object.freeze({
    authority,
    ...(passwordResetAuthority ? { passwordResetAuthority } : {}),
    ...(profileEditAuthority ? { profileEditAuthority } : {}),
    issuer,
    clientId,
    scopes: Object.freeze(requestedScopes(apis[0].scopes, clientId)),
    apis: Object.freeze(apis),
    origins: Object.freeze(origins),
  });
}

// A non-empty list wins over the shorthand (apiUrl and scopes), which is one API named "API";
// without either, the problem names apiUrl, the field of a one-API setup.
function apisOf(values: SettingsValues): [ApiSettings, ...ApiSettings[]] {
  const [first, ...rest] = values.apis?.trim() ? parseApiList(values.apis) : [];
  if (first) return [first, ...rest];
  const url = assertUrl(values, 'apiUrl');
  return [Object.freeze({ name: SHORTHAND_API_NAME, url, scopes: Object.freeze(splitScopes(values.scopes ?? '')) })];
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
