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
import type { IdpSettings } from './settings.ts';

/** The resource indicator hooks and the access-token shaping that make access tokens look like B2C's. */
export interface Resources {
  defaultResource(ctx: KoaContextWithOIDC): string | undefined;
  getResourceServerInfo(ctx: KoaContextWithOIDC, indicator: string): ResourceServer;
  customizeAccessToken(ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, jwt: JWTStructured): void;
}

/**
 * Creates the hooks. B2C has no `resource` parameter: the API is chosen by its full scope URL
 * (`https://{tenant}.onmicrosoft.com/demo-api/demo.read` → aud = API app id), and asking for the client id as a
 * scope yields an access token for the client itself (aud = client id). `tfp` names the flow of the issuing endpoint.
 */
export function createResources(
  settings: IdpSettings,
  accounts: AccountStore,
  state: ControlState,
  flows: readonly Flow[],
): Resources {
  // The API's App ID URI, e.g. https://b2cdemo.onmicrosoft.com/demo-api
  const apiIndicator = settings.apiScope.slice(0, settings.apiScope.lastIndexOf('/'));
  // oidc-provider insists on an absolute URI as indicator; this is how Entra spells an app's own id.
  const selfIndicator = `api://${settings.clientId}`;

  const serverFor = (scope: string, audience: string): ResourceServer => ({
    scope,
    audience,
    accessTokenTTL: state.switches.accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  });

  return {
    defaultResource(ctx) {
      const scopes = ctx.oidc.requestParamScopes;
      if (scopes.has(settings.apiScope)) return apiIndicator;
      if (scopes.has(settings.clientId)) return selfIndicator;
      return undefined;
    },
    getResourceServerInfo(_ctx, indicator) {
      if (indicator === apiIndicator) return serverFor(settings.apiScope, settings.apiAppId);
      if (indicator === selfIndicator) return serverFor(settings.clientId, settings.clientId);
      throw new errors.InvalidTarget();
    },
    customizeAccessToken(ctx, token, jwt) {
      const { payload } = jwt;
      const user = 'accountId' in token ? accounts.byId(token.accountId) : undefined;
      const scp = scopeNames(typeof payload.scope === 'string' ? payload.scope : '', settings.apiScope);
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

/** "https://t.onmicrosoft.com/demo-api/demo.read" → "demo.read"; scopes of other resources are left out. */
function scopeNames(scope: string, apiScope: string): string | undefined {
  const base = apiScope.slice(0, apiScope.lastIndexOf('/') + 1);
  const names = scope
    .split(' ')
    .filter((s) => s.startsWith(base))
    .map((s) => s.slice(base.length));
  return names.length > 0 ? names.join(' ') : undefined;
}
