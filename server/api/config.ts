import {
  API_APP_ID,
  API_PORT,
  API_SCOPE_NAME,
  authorityFor,
  EXTENSION_ORIGIN,
  FIREFOX_EXTENSION_ORIGIN,
  issuerFor,
} from '../local.ts';
import type { ApiOptions } from './options.ts';

/**
 * Reads the API's configuration from environment variables, defaulting to the local system
 * (server/local.ts): API_PORT, API_ISSUER, API_AUDIENCE, API_AUTHORITY, API_JWKS_URI,
 * API_REQUIRED_SCOPE, API_ALLOWED_ORIGINS (comma-separated).
 *
 * @returns options for startApi; startApi validates them further.
 * @throws TypeError when API_PORT is not a number.
 */
export function readApiConfig(env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const jwksUri = nonEmpty(env.API_JWKS_URI);
  return {
    port: readPort(env.API_PORT),
    issuer: nonEmpty(env.API_ISSUER) ?? issuerFor(),
    audience: nonEmpty(env.API_AUDIENCE) ?? API_APP_ID,
    // An explicit JWKS URI wins; the default authority applies only when neither is set.
    ...(jwksUri ? { jwksUri } : { authority: nonEmpty(env.API_AUTHORITY) ?? authorityFor() }),
    requiredScope: nonEmpty(env.API_REQUIRED_SCOPE) ?? API_SCOPE_NAME,
    allowedOrigins: readList(env.API_ALLOWED_ORIGINS) ?? [EXTENSION_ORIGIN, FIREFOX_EXTENSION_ORIGIN],
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readPort(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === undefined) return API_PORT;
  if (!/^\d+$/.test(text)) throw new TypeError('"API_PORT" must be a port number');
  return Number(text);
}

function readList(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}
