import { jsonReply, type Reply } from './reply.ts';

const PREFLIGHT_MAX_AGE_SEC = '600';

/**
 * CORS headers for a response to `origin`: the allow/expose pair only for an allowed origin, and
 * `Vary: Origin` always, because the answer depends on the Origin header and caches must know that.
 */
export function corsHeaders(origin: string | undefined, allowedOrigins: ReadonlySet<string>): Record<string, string> {
  if (origin === undefined || !allowedOrigins.has(origin)) return { Vary: 'Origin' };
  return {
    Vary: 'Origin',
    'Access-Control-Allow-Origin': origin,
    // Lets the extension read the RFC 6750 challenge (error="invalid_token" vs "insufficient_scope").
    'Access-Control-Expose-Headers': 'WWW-Authenticate',
  };
}

/**
 * Answers an OPTIONS request. A preflight from an allowed origin gets 204 with the method and
 * header it may use; one from any other origin gets 403 with no CORS headers, so the browser blocks it.
 * An OPTIONS without Origin is a plain capability query.
 */
export function preflightReply(origin: string | undefined, allowedOrigins: ReadonlySet<string>): Reply {
  if (origin === undefined) return { status: 204, headers: { Allow: 'GET, OPTIONS' } };
  if (!allowedOrigins.has(origin)) return jsonReply(403, { error: 'origin_not_allowed' }, { reason: 'origin_not_allowed' });
  return {
    status: 204,
    headers: {
      // OPTIONS too: the extension's Check asks with an OPTIONS request, which needs no token.
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization',
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SEC,
    },
  };
}
