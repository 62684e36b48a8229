import type { Middleware } from 'koa';
import { PROVIDER_DISCOVERY_PATH, ROUTES } from './paths.ts';

const CORS_PATHS = new Set<string>([ROUTES.token, ROUTES.revocation, ROUTES.jwks, PROVIDER_DISCOVERY_PATH]);
const POST_PATHS = new Set<string>([ROUTES.token, ROUTES.revocation]);
const MAX_AGE = '3600';

/**
 * Returns the CORS middleware for the token, revocation, JWKS and discovery endpoints. Only `allowedOrigins` get CORS headers:
 * oidc-provider would allow any origin on discovery/JWKS and, on the token endpoint, only origins of the
 * client's redirect URIs (never `chrome-extension://…`). Other origins get no CORS headers at all, so a browser
 * blocks the response, as with B2C.
 */
export function createCors(allowedOrigins: readonly string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  return async (ctx, next) => {
    if (!CORS_PATHS.has(ctx.path)) return next();
    ctx.vary('Origin');
    const origin = ctx.get('Origin');
    const preflight = ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method') !== '';
    if (origin && allowed.has(origin)) {
      // Set before oidc-provider's own CORS middleware, which then steps aside.
      ctx.set('Access-Control-Allow-Origin', origin);
      if (!preflight) return next();
      ctx.set('Access-Control-Allow-Methods', POST_PATHS.has(ctx.path) ? 'POST' : 'GET');
      const headers = ctx.get('Access-Control-Request-Headers');
      if (headers) ctx.set('Access-Control-Allow-Headers', headers);
      ctx.set('Access-Control-Max-Age', MAX_AGE);
      ctx.status = 204;
      return undefined;
    }
    if (preflight) {
      ctx.status = 204;
      return undefined;
    }
    await next();
    ctx.remove('Access-Control-Allow-Origin');
    ctx.remove('Access-Control-Expose-Headers');
    return undefined;
  };
}
