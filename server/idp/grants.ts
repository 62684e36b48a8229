import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/**
 * Returns the `loadExistingGrant` hook. B2C never shows a consent screen: the client is consented for every API of the
 * tenant (`consented`: indicator → scopes) and every requested scope is granted on the spot. The hook returns the
 * session's grant for the client (or a new one) with the requested OIDC scopes and every consented API scope added,
 * so that a refresh token can later be redeemed for any of those APIs (resources.ts).
 */
export function createImplicitConsent(
  consented: ReadonlyMap<string, readonly string[]>,
): (ctx: KoaContextWithOIDC) => Promise<Grant | undefined> {
  return async (ctx) => {
    const { oidc } = ctx;
    const { client, account, session } = oidc;
    if (!client || !account) return undefined;
    const grantId = oidc.result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
    const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    const grant =
      existing && existing.accountId === account.accountId
        ? existing
        : new oidc.provider.Grant({ accountId: account.accountId, clientId: client.clientId });
    grant.addOIDCScope(oidc.requestParamOIDCScopes);
    for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
      const scopes = [...oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
      if (scopes.length > 0) grant.addResourceScope(indicator, scopes);
    }
    for (const [indicator, scopes] of consented) grant.addResourceScope(indicator, [...scopes]);
    await grant.save();
    return grant;
  };
}

/**
 * Puts `offline_access` back into the authorization request's scope when the client asked for it.
 *
 * oidc-provider drops offline_access unless prompt=consent is requested (OpenID Connect Core 11), but B2C issues a
 * refresh token whenever offline_access is requested. It runs as an `extraParams` validator because that is the only
 * configurable hook oidc-provider calls after its scope check on every authorization request; the fixed scope is
 * then saved with the interaction and reaches the authorization code.
 */
export function restoreOfflineAccess(ctx: KoaContextWithOIDC): void {
  const { oidc } = ctx;
  const params = oidc.params as { scope?: string; response_type?: string } | undefined;
  if (oidc.route !== 'authorization' || !params || !oidc.client?.grantTypeAllowed('refresh_token')) return;
  const requested = String(ctx.query.scope ?? '').split(' ');
  const kept = params.scope?.split(' ') ?? [];
  if (requested.includes('offline_access') && !kept.includes('offline_access') && params.response_type?.includes('code')) {
    params.scope = [...kept, 'offline_access'].join(' ');
  }
}
