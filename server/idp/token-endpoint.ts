import { setTimeout as delay } from 'node:timers/promises';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AccountStore } from './accounts.ts';
import { tamperIdToken } from './adversary/id-token.ts';
import { EXPIRED_GRANT, tamperTokenResponse } from './adversary/token-endpoint.ts';
import type { ControlState } from './controls.ts';
import type { SigningKeys } from './keys.ts';
import { ROUTES } from './paths.ts';
import type { IdpSettings } from './settings.ts';
import { addB2cFields } from './token-response.ts';

/** What the token endpoint middleware reads. */
export interface TokenEndpointDeps {
  readonly provider: Provider;
  readonly settings: IdpSettings;
  readonly accounts: AccountStore;
  readonly keys: SigningKeys;
  readonly state: ControlState;
}

/**
 * Returns the middleware around oidc-provider's token endpoint: it waits tokenDelayMs, counts the grant,
 * gives successful responses B2C's shape (and an expired refresh token B2C's AADB2C90080), then applies the
 * idToken, changeSubOnRefresh and tokenEndpoint switches.
 */
export function createTokenEndpoint(deps: TokenEndpointDeps): Middleware {
  const { state } = deps;
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== ROUTES.token) return next();
    if (state.switches.tokenDelayMs > 0) await delay(state.switches.tokenDelayMs);
    await next();
    const oidcCtx = ctx as unknown as KoaContextWithOIDC;
    const params = oidcCtx.oidc?.params as { grant_type?: unknown; refresh_token?: unknown } | undefined;
    const grantType = params?.grant_type;
    if (grantType === 'authorization_code' || grantType === 'refresh_token') state.stats.tokenRequests[grantType] += 1;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (grantType === 'refresh_token' && body?.error === 'invalid_grant' && (await isExpired(deps.provider, params))) {
      ctx.body = { ...EXPIRED_GRANT };
    }
    if (ctx.status === 200 && body && typeof body === 'object') {
      await addB2cFields(oidcCtx, body, { ...deps, idTokenTtl: state.switches.idTokenTtl });
      if (typeof body.id_token === 'string') {
        const changeSub = state.switches.changeSubOnRefresh && grantType === 'refresh_token';
        const tampering = { mode: state.switches.idToken, changeSub, clientId: deps.settings.clientId };
        body.id_token = await tamperIdToken(body.id_token, tampering, deps.keys);
      }
    }
    tamperTokenResponse(ctx, state.switches.tokenEndpoint);
  };
}

// oidc-provider says only "grant request is invalid"; B2C names an expired refresh token (memory-store.ts keeps it).
async function isExpired(provider: Provider, params: { refresh_token?: unknown } | undefined): Promise<boolean> {
  const value = params?.refresh_token;
  if (typeof value !== 'string') return false;
  const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
  return token?.isExpired === true;
}
