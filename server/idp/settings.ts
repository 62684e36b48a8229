import {
  API_APP_ID,
  API_SCOPE,
  CLIENT_ID,
  EXTENSION_ORIGIN,
  IDP_PORT,
  POLICY,
  REDIRECT_URI,
  TENANT,
  TENANT_ID,
} from '../local.ts';
import type { IdpOptions } from './types.ts';

/** IdpOptions with every default filled in. */
export interface IdpSettings {
  readonly port: number;
  readonly tenant: string;
  readonly policy: string;
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

/** Returns the options with the defaults of server/local.ts applied. */
export function resolveSettings(options: IdpOptions = {}): IdpSettings {
  return Object.freeze({
    port: options.port ?? IDP_PORT,
    tenant: options.tenant ?? TENANT,
    policy: options.policy ?? POLICY,
    tenantId: options.tenantId ?? TENANT_ID,
    clientId: options.clientId ?? CLIENT_ID,
    apiAppId: options.apiAppId ?? API_APP_ID,
    apiScope: options.apiScope ?? API_SCOPE,
    redirectUris: [...(options.redirectUris ?? [REDIRECT_URI])],
    allowedOrigins: [...(options.allowedOrigins ?? [EXTENSION_ORIGIN])],
    keys: options.keys,
    testControls: options.testControls ?? false,
    log: options.log,
  });
}
