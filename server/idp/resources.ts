import {
  errors,
  type AccessToken,
  type ClientCredentials,
  type JWTStructured,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';
import { claimsOf, type AccountStore } from './accounts.ts';
import type { ControlState } from './controls.ts';
import { flowOf, type Flow } from './paths.ts';
import { appIdUriOf, type IdpSettings } from './settings.ts';

/** The resource indicator hooks and the access-token shaping that make access tokens look like B2C's. */
export interface Resources {
  defaultResource(ctx: KoaContextWithOIDC, client: unknown, oneOf?: readonly string[]): string | undefined;
  getResourceServerInfo(ctx: KoaContextWithOIDC, indicator: string): ResourceServer;
  customizeAccessToken(ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, jwt: JWTStructured): void;
  /** Throws B2C's AADB2C90146 (invalid_request) when the request's scopes name more than one API. */
  assertOneResource(ctx: KoaContextWithOIDC): void;
  /** Each API's indicator (its App ID URI) and full scope URLs: what the client is consented for. */
  readonly consented: ReadonlyMap<string, readonly string[]>;
  /**
   * Binds a refresh token about to be issued from `source` (an authorization code for an API or the client itself)
   * to every consented API as well, its own resource first, so that it can be redeemed for any of them (see below).
   */
  bindToEveryApi(source: { resource?: string | string[] | undefined; scope?: string | undefined }): void;
}

interface Api {
  /** Its App ID URI, which serves as oidc-provider's resource indicator. */
  readonly indicator: string;
  readonly appId: string;
  readonly scopes: readonly string[];
}

/** B2C's words for a request whose scopes name more than one resource. */
export function moreThanOneResource(scope: string): string {
  return `AADB2C90146: The scope '${scope}' provided in request specifies more than one resource for an access token, which is not supported.`;
}

/**
 * Creates the hooks. B2C has no `resource` parameter: an API is chosen by its full scope URLs
 * (`https://{tenant}.onmicrosoft.com/demo-api/demo.read` → aud = that API's app id), scopes of two APIs in one request
 * are AADB2C90146, and asking for the client id as a scope yields an access token for the client itself (aud = client
 * id). A refresh token is good for any API the client is consented for (as MSAL's acquireTokenSilent relies on): the
 * `scope` of a refresh_token grant picks the API, and without one the token's own API is used. `tfp` names the flow of
 * the issuing endpoint.
 */
export function createResources(
  settings: IdpSettings,
  accounts: AccountStore,
  state: ControlState,
  flows: readonly Flow[],
): Resources {
  const apis: readonly Api[] = settings.apis.map(({ appId, scopes }) => ({ indicator: appIdUriOf(scopes[0]!), appId, scopes }));
  const apiScopes = new Set(apis.flatMap((api) => api.scopes));
  // oidc-provider insists on an absolute URI as indicator; this is how Entra spells an app's own id.
  const selfIndicator = `api://${settings.clientId}`;

  const serverFor = (scopes: readonly string[], audience: string): ResourceServer => ({
    scope: scopes.join(' '),
    audience,
    accessTokenTTL: state.switches.accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  });

  /** The resource the request's scopes name: one API (two are AADB2C90146), else the client itself, else none. */
  const namedResource = (ctx: KoaContextWithOIDC): string | undefined => {
    const scopes = ctx.oidc.requestParamScopes;
    const named = apis.filter((api) => api.scopes.some((scope) => scopes.has(scope)));
    if (named.length > 1) throw new errors.InvalidRequest(moreThanOneResource(requestedScope(ctx)));
    if (named[0]) return named[0].indicator;
    return scopes.has(settings.clientId) ? selfIndicator : undefined;
  };

  return {
    assertOneResource(ctx) {
      namedResource(ctx);
    },
    consented: new Map(apis.map((api) => [api.indicator, api.scopes])),
    // At the authorization endpoint (no oneOf): the resource the scopes name. For a code or refresh token bound to
    // several (bindToEveryApi): the one the request's scopes name, else the token's own, which comes first.
    defaultResource(ctx, _client, oneOf) {
      const named = namedResource(ctx);
      return oneOf ? (named ?? oneOf[0]) : named;
    },
    getResourceServerInfo(_ctx, indicator) {
      const api = apis.find((candidate) => candidate.indicator === indicator);
      if (api) return serverFor(api.scopes, api.appId);
      if (indicator === selfIndicator) return serverFor([settings.clientId], settings.clientId);
      throw new errors.InvalidTarget();
    },
    // oidc-provider lets a refresh_token grant ask only for scopes of the refresh token, which come from the
    // authorization request. B2C lets the client redeem it for any consented API's scopes, so its refresh tokens
    // carry them all (a rotated token copies them); the grant holds them too (grants.ts).
    bindToEveryApi(source) {
      const own = typeof source.resource === 'string' ? [source.resource] : (source.resource ?? []);
      if (own.length === 0) return;
      source.resource = [...new Set([...own, ...apis.map((api) => api.indicator)])];
      source.scope = [...new Set([...(source.scope ?? '').split(' ').filter(Boolean), ...apiScopes])].join(' ');
    },
    customizeAccessToken(ctx, token, jwt) {
      const { payload } = jwt;
      const user = 'accountId' in token ? accounts.byId(token.accountId) : undefined;
      const scp = scopeNames(typeof payload.scope === 'string' ? payload.scope : '', apiScopes);
      // B2C access tokens carry scp (short names), azp and the profile claims; no scope/client_id/jti.
      delete payload.scope;
      delete payload.client_id;
      delete payload.jti;
      Object.assign(payload, {
        ...(user ? claimsOf(user, flowOf(flows, ctx).policy) : {}),
        ...(scp ? { scp } : {}),
        azp: settings.clientId,
        nbf: payload.iat,
      });
      jwt.header = { typ: 'JWT' };
    },
  };
}

/** The scope as the client sent it: oidc-provider has dropped offline_access from an authorization request's by now. */
function requestedScope(ctx: KoaContextWithOIDC): string {
  const sent = ctx.oidc.route === 'authorization' ? (ctx.oidc.body ?? ctx.query)?.scope : undefined;
  return String(typeof sent === 'string' ? sent : ctx.oidc.params?.scope);
}

/** "https://t.onmicrosoft.com/demo-api/demo.read" → "demo.read"; scopes that are no API's are left out. */
function scopeNames(scope: string, apiScopes: ReadonlySet<string>): string | undefined {
  const names = scope
    .split(' ')
    .filter((s) => apiScopes.has(s))
    .map((s) => s.slice(s.lastIndexOf('/') + 1));
  return names.length > 0 ? names.join(' ') : undefined;
}
