import type { Middleware } from 'koa';
import { rewriteAuthorizeRedirect } from './adversary/authorize-response.ts';
import type { ControlState } from './controls.ts';
import { ROUTES } from './paths.ts';

/**
 * Returns the middleware around the authorization endpoint (and its resume step): counts authorization requests
 * and rewrites the redirect back to the client (no `iss`, plus the authorizeResponse switch).
 */
export function createAuthorizeShaping(state: ControlState, redirectUris: readonly string[]): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(ROUTES.authorization)) return next();
    if (ctx.path === ROUTES.authorization) state.stats.authorizeRequests += 1;
    await next();
    const location = ctx.response.get('Location');
    if (location && redirectUris.some((uri) => location.startsWith(uri))) {
      ctx.set('Location', rewriteAuthorizeRedirect(location, state.switches.authorizeResponse));
    }
  };
}
