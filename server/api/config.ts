import {
  API_APP_ID,
  API_NAME,
  API_SCOPE_NAME,
  SECOND_API_APP_ID,
  SECOND_API_NAME,
  SECOND_API_SCOPE_NAME,
  authorityFor,
  issuerFor,
} from '../local.ts';
import { portFromEnv } from '../startup.ts';
import type { ApiOptions } from './options.ts';

/**
 * Which of the local tenant's APIs an instance plays: the variable of its port, its audience and scope, and its name
 * in a local build that lists both APIs (its demo page asks the extension for it by that name).
 */
export interface LocalApiRole {
  readonly portVariable: 'API_PORT' | 'SECOND_API_PORT';
  readonly name: string;
  readonly audience: string;
  readonly requiredScope: string;
}

/**
 * The local tenant's two APIs (server/idp registers both): the demo API (`npm run api`, port 5281) and the second
 * API (`npm run api:second`, port 5282), one code base with another audience and scope.
 */
export const LOCAL_API_ROLES = {
  first: { portVariable: 'API_PORT', name: API_NAME, audience: API_APP_ID, requiredScope: API_SCOPE_NAME },
  second: {
    portVariable: 'SECOND_API_PORT',
    name: SECOND_API_NAME,
    audience: SECOND_API_APP_ID,
    requiredScope: SECOND_API_SCOPE_NAME,
  },
} as const satisfies Record<string, LocalApiRole>;

/**
 * Reads the API's configuration from environment variables, defaulting to the local system
 * (server/local.ts) and `role`'s port, name, audience and scope: API_PORT (SECOND_API_PORT for the second
 * API), API_NAME, API_ISSUER, API_AUDIENCE, API_AUTHORITY, API_JWKS_URI, API_REQUIRED_SCOPE, API_ALLOWED_ORIGINS
 * (comma-separated).
 *
 * @returns options for startApi, which applies the other defaults (origins) and validates them.
 * @throws StartupError when the port variable or IDP_PORT is not a port number.
 */
export function readApiConfig(env: NodeJS.ProcessEnv = process.env, role: LocalApiRole = LOCAL_API_ROLES.first): ApiOptions {
  const jwksUri = nonEmpty(env.API_JWKS_URI);
  return {
    port: portFromEnv(role.portVariable, env),
    name: nonEmpty(env.API_NAME) ?? role.name,
    // The local provider's, on IDP_PORT when that is set.
    issuer: nonEmpty(env.API_ISSUER) ?? issuerFor(portFromEnv('IDP_PORT', env)),
    audience: nonEmpty(env.API_AUDIENCE) ?? role.audience,
    // An explicit JWKS URI wins; the default authority applies only when neither is set.
    ...(jwksUri ? { jwksUri } : { authority: nonEmpty(env.API_AUTHORITY) ?? authorityFor(portFromEnv('IDP_PORT', env)) }),
    requiredScope: nonEmpty(env.API_REQUIRED_SCOPE) ?? role.requiredScope,
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
