/** The result of reading the Authorization header. */
export type BearerCredentials = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

// RFC 6750 section 2.1: the scheme is case-insensitive; one or more spaces before the b64token.
const BEARER = /^bearer +(\S*) *$/i;
const SCHEME = /^bearer(?: |$)/i;

/**
 * Reads a bearer token from the Authorization header only. The `access_token` query parameter of
 * RFC 6750 section 2.3 is deliberately not supported: URLs end up in logs and histories.
 *
 * Returns `missing` when there is no header or it uses another scheme (RFC 6750 section 3.1: then the
 * challenge carries no error code), `malformed` for a Bearer header without a single token.
 */
export function readBearerToken(authorization: string | undefined): BearerCredentials {
  if (authorization === undefined || !SCHEME.test(authorization)) return { kind: 'missing' };
  const token = BEARER.exec(authorization)?.[1];
  return token ? { kind: 'token', token } : { kind: 'malformed' };
}
