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
  TENANT,
  TENANT_ID,
} from '../local.ts';
import { assertPort } from '../listen.ts';
import type { FlowKind } from './paths.ts';
import type { IdpOptions } from './types.ts';

/** IdpOptions with every default filled in. */
export interface IdpSettings {
  readonly port: number;
  readonly tenant: string;
  /** The policy name of each user flow. */
  readonly policies: Readonly<Record<FlowKind, string>>;
  readonly tenantId: string;
  readonly clientId: string;
  readonly apiAppId: string;
  readonly apiScope: string;
  readonly redirectUris: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly keys: readonly JsonWebKey[] | undefined;
  readonly testControls: boolean;
  readonly log: ((line: string) => void) | undefined;
}

/**
 * Returns the options with the defaults of server/local.ts applied.
 * Throws a TypeError when the port is not one, a policy name is not a plain path segment or two user flows share one (B2C compares
 * them case-insensitively).
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
    apiAppId: options.apiAppId ?? API_APP_ID,
    apiScope: options.apiScope ?? API_SCOPE,
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
