import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AccountStore } from './accounts.ts';
import type { IdpSettings } from './settings.ts';

/** What {@link addB2cFields} needs besides the response. */
export interface TokenResponseContext {
  readonly provider: Provider;
  readonly settings: IdpSettings;
  readonly accounts: AccountStore;
  readonly idTokenTtl: number;
}

/**
 * Adds the fields B2C puts in every successful token response (not_before, expires_on, id_token_expires_in,
 * refresh_token_expires_in, profile_info) and reports `scope` as granted for this response: the OIDC scopes asked for
 * (by the refresh_token grant's `scope`, else by the authorization request) and the access token's resource scopes,
 * not only the latter as oidc-provider does, nor the other APIs' scopes a refresh token also carries (resources.ts).
 */
export async function addB2cFields(
  ctx: KoaContextWithOIDC,
  body: Record<string, unknown>,
  deps: TokenResponseContext,
): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const { entities } = ctx.oidc;
  const granted = grantedScope(ctx);
  const accountId = entities.AuthorizationCode?.accountId ?? entities.RefreshToken?.accountId;
  body.not_before = now;
  if (typeof body.expires_in === 'number') body.expires_on = now + body.expires_in;
  if (granted) body.scope = granted;
  if (typeof body.id_token === 'string') body.id_token_expires_in = deps.idTokenTtl;
  if (typeof body.refresh_token === 'string') {
    const stored = await deps.provider.RefreshToken.find(body.refresh_token);
    if (stored?.exp) body.refresh_token_expires_in = stored.exp - now;
  }
  const user = accountId ? deps.accounts.byId(accountId) : undefined;
  if (user) body.profile_info = profileInfo(deps.settings.tenantId, user);
}

function grantedScope(ctx: KoaContextWithOIDC): string | undefined {
  const { entities, params } = ctx.oidc;
  const source = entities.AuthorizationCode ?? entities.RefreshToken;
  if (!source?.scope) return undefined;
  const asked = typeof params?.scope === 'string' ? params.scope : source.scope;
  const oidcScopes = entities.Grant?.getOIDCScopeFiltered(new Set(asked.split(' '))) ?? '';
  return [...oidcScopes.split(' '), ...(entities.AccessToken?.scope ?? '').split(' ')].filter(Boolean).join(' ');
}

function profileInfo(tenantId: string, user: { oid: string; email: string; name?: string }): string {
  const info = {
    ver: '1.0',
    tid: tenantId,
    sub: user.oid,
    name: user.name ?? null,
    preferred_username: user.email,
    idp: 'LocalAccount',
  };
  return Buffer.from(JSON.stringify(info)).toString('base64');
}
