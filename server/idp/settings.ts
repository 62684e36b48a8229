import {
  API_APP_ID,
  API_SCOPE,
  CLIENT_ID,
  EXTENSION_ORIGIN,
  FIREFOX_EXTENSION_ORIGIN,
  FIREFOX_REDIRECT_URI,
  IDP_PORT,
  PASSWORD_RESET_POLICY,
  POLICY,
  PROFILE_EDIT_POLICY,
  REDIRECT_URI,
  SECOND_API_APP_ID,
  SECOND_API_SCOPE,
  TENANT,
  TENANT_ID,
} from '../local.ts';
import { assertPort } from '../listen.ts';
import type { FlowKind } from './paths.ts';
import type { IdpApi, IdpOptions } from './types.ts';

/** IdpOptions with every default filled in. */
export interface IdpSettings {
  readonly port: number;
  readonly tenant: string;
  /** The policy name of each user flow. */
  readonly policies: Readonly<Record<FlowKind, string>>;
  readonly tenantId: string;
  readonly clientId: string;
  /** Every API the client is consented for (at least the one of apiAppId/apiScope unless `apis` was set). */
  readonly apis: readonly IdpApi[];
  readonly redirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly keys: readonly JsonWebKey[] | undefined;
  readonly testControls: boolean;
  readonly log: ((line: string) => void) | undefined;
}

/**
 * Returns the options with the defaults of server/local.ts applied.
 * Throws a TypeError when the port is not one, a policy name is not a plain path segment or two user flows share one (B2C compares
 * them case-insensitively), or an API is not one B2C could register (see resolveApis).
 */
export function resolveSettings(options: IdpOptions = {}): IdpSettings {
  const policies = Object.freeze({
    signIn: options.policy ?? POLICY,
    resetPassword: options.passwordResetPolicy ?? PASSWORD_RESET_POLICY,
    editProfile: options.profileEditPolicy ?? PROFILE_EDIT_POLICY,
  });
  assertDistinctPolicies(Object.values(policies));
  return Object.freeze({
    port: assertPort(options.port ?? IDP_PORT),
    tenant: options.tenant ?? TENANT,
    policies,
    tenantId: options.tenantId ?? TENANT_ID,
    clientId: options.clientId ?? CLIENT_ID,
    apis: resolveApis(options),
    redirectUris: [...(options.redirectUris ?? [REDIRECT_URI, FIREFOX_REDIRECT_URI])],
    allowedOrigins: [...(options.allowedOrigins ?? [EXTENSION_ORIGIN, FIREFOX_EXTENSION_ORIGIN])],
    keys: options.keys,
    testControls: options.testControls ?? false,
    log: options.log,
  });
}

function assertDistinctPolicies(names: readonly string[]): void {
  for (const name of names) {
    if (!/^[\w-]+$/.test(name))
      throw new TypeError(`IdpOptions policy "${name}" must be a B2C policy name (letters, digits, _ and -)`);
  }
  if (new Set(names.map((name) => name.toLowerCase())).size !== names.length) {
    throw new TypeError(`IdpOptions policies must differ: ${names.join(', ')}`);
  }
}

/**
 * The APIs, checked: each has an app id and at least one scope, its scopes are full URLs under one App ID URI, and
 * no two APIs share an app id or an App ID URI.
 */
function resolveApis(options: IdpOptions): readonly IdpApi[] {
  if (options.apis && (options.apiAppId !== undefined || options.apiScope !== undefined)) {
    throw new TypeError('IdpOptions "apis" lists every API: set it or "apiAppId"/"apiScope", not both');
  }
  const apis = options.apis ?? [
    { appId: options.apiAppId ?? API_APP_ID, scopes: [options.apiScope ?? API_SCOPE] },
    { appId: SECOND_API_APP_ID, scopes: [SECOND_API_SCOPE] },
  ];
  const appIds = new Set<string>();
  const appIdUris = new Set<string>();
  for (const { appId, scopes } of apis) {
    if (!appId || scopes.length === 0) throw new TypeError('IdpOptions "apis": each API needs an appId and a scope');
    const uris = new Set(scopes.map((scope) => appIdUriOf(scope)));
    if (uris.size !== 1) throw new TypeError(`IdpOptions "apis": the scopes of ${appId} must share one App ID URI`);
    const [uri = ''] = uris;
    if (appIds.has(appId) || appIdUris.has(uri)) throw new TypeError(`IdpOptions "apis": ${appId} is listed twice`);
    appIds.add(appId);
    appIdUris.add(uri);
  }
  return Object.freeze(apis.map(({ appId, scopes }) => Object.freeze({ appId, scopes: Object.freeze([...scopes]) })));
}

/**
 * The App ID URI a full scope URL belongs to: "https://t.onmicrosoft.com/demo-api/demo.read" →
 * "https://t.onmicrosoft.com/demo-api".
 *
 * @throws TypeError when `scope` is not an absolute URL with a scope name after its last "/".
 */
export function appIdUriOf(scope: string): string {
  const cut = scope.lastIndexOf('/');
  const uri = scope.slice(0, cut);
  if (cut < 0 || cut === scope.length - 1 || !URL.canParse(uri) || /\s/.test(scope)) {
    throw new TypeError(`IdpOptions API scope "${scope}" must be a full scope URL (App ID URI/scope name)`);
  }
  return uri;
}
