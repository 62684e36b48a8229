import { setTimeout as delay } from 'node:timers/promises';
import type { Middleware, ParameterizedContext } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ControlState } from './controls.ts';
import { ROUTES } from './paths.ts';

// RFC 6749 §2.3: a client authenticates in the Authorization header (client_secret_basic) or in the body
// (client_secret_post, or RFC 7523's client_assertion); a public client sends its client_id only.
const CREDENTIAL_PARAMS = ['client_secret', 'client_assertion'] as const;

/**
 * Returns the middleware around oidc-provider's revocation endpoint (RFC 7009): it waits revocationDelayMs, lets
 * oidc-provider revoke the token (and its grant), then counts the request.
 *
 * With revocation 'confidentialOnly' a request that carries no client authentication is answered 401 with an empty
 * body, as Glewlwyd 2.7 answers a public client, and counted as refused rather than answered. oidc-provider still
 * reads the body and finds the client; its allowedPolicy (provider-config.ts) revokes nothing for a client without
 * authentication. A request with credentials gets oidc-provider's own answer (this provider registers no
 * confidential client, so that is 401 invalid_client).
 */
export function createRevocationEndpoint(state: ControlState): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== ROUTES.revocation) return next();
    if (state.switches.revocationDelayMs > 0) await delay(state.switches.revocationDelayMs);
    await next();
    if (state.switches.revocation === 'confidentialOnly' && !carriesClientCredentials(ctx)) {
      ctx.remove('WWW-Authenticate');
      ctx.status = 401;
      ctx.body = '';
      state.stats.revocationRefused += 1;
      return;
    }
    state.stats.revocationRequests += 1;
  };
}

function carriesClientCredentials(ctx: ParameterizedContext): boolean {
  const body = (ctx as unknown as KoaContextWithOIDC).oidc?.body ?? {};
  return ctx.get('Authorization') !== '' || CREDENTIAL_PARAMS.some((name) => body[name] !== undefined);
}
