import { API_APP_ID, authorityFor, issuerFor } from '../local.ts';
import { portFromEnv } from '../startup.ts';
import type { ApiOptions } from './options.ts';

/**
 * Reads the API's configuration from environment variables, defaulting to the local system
 * (server/local.ts): API_PORT, API_ISSUER, API_AUDIENCE, API_AUTHORITY, API_JWKS_URI,
 * API_REQUIRED_SCOPE, API_ALLOWED_ORIGINS (comma-separated).
 *
 * @returns options for startApi, which applies the other defaults (scope, origins) and validates them.
 * @throws StartupError when API_PORT or IDP_PORT is not a port number.
 */
export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const jwksUri = nonEmpty(env.API_JWKS_URI);
  return {
    port: portFromEnv('API_PORT', env),
    // The local provider's, on IDP_PORT when that is set.
    issuer: nonEmpty(env.API_ISSUER) ?? issuerFor(portFromEnv('IDP_PORT', env)),
    audience: nonEmpty(env.API_AUDIENCE) ?? API_APP_ID,
    // An explicit JWKS URI wins; the default authority applies only when neither is set.
    ...(jwksUri ? { jwksUri } : { authority: nonEmpty(env.API_AUTHORITY) ?? authorityFor(portFromEnv('IDP_PORT', env)) }),
    requiredScope: nonEmpty(env.API_REQUIRED_SCOPE),
    allowedOrigins: readList(env.API_ALLOWED_ORIGINS),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}
