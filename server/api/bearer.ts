/** The result of reading the Authorization header. */
export type BearerCredentials = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'token'; token: string };

const SCHEME = 'bearer';

/** `text` without the spaces (only U+0020) at either end, in one pass. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start += 1;
  while (end > start && text[end - 1] === ' ') end -= 1;
  return text.slice(start, end);
}

/**
 * Reads a bearer token from the Authorization header only. The `access_token` query parameter of
 * RFC 6750 section 2.3 is deliberately not supported: URLs end up in logs and histories.
 *
 * Returns `missing` when there is no header or it uses another scheme (RFC 6750 section 3.1: then the
 * challenge carries no error code), `malformed` for a Bearer header without a single token.
 *
 * Read in linear time without a regular expression over the header: `/^bearer +(\S*) *$/i`
 * backtracked quadratically on "Bearer", thousands of spaces and "a b".
 */
export function readBearerToken(authorization: string | undefined): BearerCredentials {
  // RFC 6750 section 2.1: the scheme is case-insensitive; one or more spaces before the b64token.
  if (authorization === undefined || authorization.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return { kind: 'missing' };
  const rest = authorization.slice(SCHEME.length);
  if (rest !== '' && !rest.startsWith(' ')) return { kind: 'missing' }; // "Bearerx": another scheme
  const token = trimSpaces(rest);
  // One token: nothing but spaces around it, no whitespace in it.
  if (!token || /\s/.test(token)) return { kind: 'malformed' };
  return { kind: 'token', token };
}
