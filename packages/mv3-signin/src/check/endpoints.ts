import type { Settings } from '../settings/config.js';
import { isSecureOrLoopback, parseUrl } from '../core/url.js';

/** The metadata endpoints the client uses. The last two are optional: B2C has no revocation_endpoint. */
export const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'revocation_endpoint',
] as const;
export type EndpointName = (typeof ENDPOINTS)[number];

const OPTIONAL: ReadonlySet<EndpointName> = new Set(['end_session_endpoint', 'revocation_endpoint']);

/** Why the client will not use an endpoint. */
export type EndpointProblem = 'missing' | 'not_https' | 'other_origin';

/**
 * The origins a provider's endpoints may be on: the authority's, which every user flow shares
 * (settings/config.ts refuses a flow on another origin). B2C and Entra External ID keep every endpoint
 * on the authority's host, so tampered metadata cannot send the code, the refresh token or the
 * id_token_hint anywhere else, nor take the keys from anywhere else.
 */
export function providerOrigins(config: Settings): ReadonlySet<string> {
  return new Set([config.authority.origin]);
}

/**
 * What is wrong with the endpoint `name` of `metadata` for a client that may talk to `origins`:
 * `missing` (or not a URL) when it is required, `not_https` (plain http is for loopback only), or
 * `other_origin`.
 *
 * @returns undefined when the endpoint may be used (or, optional, is absent).
 */
function endpointProblem(
  metadata: Readonly<Record<string, unknown>>,
  name: EndpointName,
  origins: ReadonlySet<string>,
): EndpointProblem | undefined {
  const value = metadata[name];
  if (value === undefined && OPTIONAL.has(name)) return undefined;
  const url = parseUrl(value);
  if (!url) return 'missing';
  if (!isSecureOrLoopback(url)) return 'not_https';
  return origins.has(url.origin) ? undefined : 'other_origin';
}

/**
 * The first endpoint (in ENDPOINTS order) the client will not use, and why: what sign-in refuses
 * discovery for, and what Check words.
 *
 * @returns undefined when every endpoint may be used.
 */
export function refusedEndpoint(
  metadata: Readonly<Record<string, unknown>>,
  origins: ReadonlySet<string>,
): { readonly name: EndpointName; readonly problem: EndpointProblem } | undefined {
  for (const name of ENDPOINTS) {
    const problem = endpointProblem(metadata, name, origins);
    if (problem) return { name, problem };
  }
  return undefined;
}
