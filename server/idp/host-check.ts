import type { Middleware } from 'koa';

/** What a refused request gets: plain text, so nothing of the request is ever rendered. */
export const HOST_REFUSED = 'Bad request: the Host header must name this provider on loopback.';

/**
 * Returns the first middleware: a request whose `Host` header is not `localhost`, `127.0.0.1` or `[::1]` with the
 * provider's own port is answered 400 in plain text before anything else runs. A page of another site whose name
 * its owner points at 127.0.0.1 (DNS rebinding) then reaches no page, token or session here, even though the
 * browser counts it as that site's own origin.
 */
export function createHostCheck(port: number): Middleware {
  const allowed = new Set(['localhost', '127.0.0.1', '[::1]'].map((host) => `${host}:${port}`));
  return async (ctx, next) => {
    // Host names are case-insensitive; a missing header (HTTP/1.0) is refused too.
    if (allowed.has((ctx.req.headers.host ?? '').toLowerCase())) return next();
    ctx.status = 400;
    ctx.type = 'text/plain';
    ctx.body = HOST_REFUSED;
    return undefined;
  };
}
