import { setTimeout as delay } from 'node:timers/promises';
import type { Middleware } from 'koa';
import type { ControlState } from './controls.ts';
import { ROUTES } from './paths.ts';

/**
 * Returns the middleware around oidc-provider's revocation endpoint (RFC 7009): it waits
 * revocationDelayMs, lets oidc-provider revoke the token (and its grant), then counts the request.
 */
export function createRevocationEndpoint(state: ControlState): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== ROUTES.revocation) return next();
    if (state.switches.revocationDelayMs > 0) await delay(state.switches.revocationDelayMs);
    await next();
    state.stats.revocationRequests += 1;
  };
}
