import type { Middleware } from 'koa';
import { replaceDiscovery, tamperMetadata } from './adversary/discovery.ts';
import type { ControlState } from './controls.ts';
import type { SigningKeys } from './keys.ts';
import { PROVIDER_DISCOVERY_PATH, ROUTES } from './paths.ts';
import type { IdpSwitches } from './types.ts';

/**
 * Returns the middleware around discovery and the JWKS: removes what B2C does not advertise, applies the
 * discovery switch, and publishes a second key while idToken = 'noKidMultipleKeys'.
 */
export function createMetadataShaping(state: ControlState, keys: SigningKeys, origin: string): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === PROVIDER_DISCOVERY_PATH) {
      state.stats.discoveryRequests += 1;
      if (replaceDiscovery(ctx, state.switches.discovery)) return undefined;
      await next();
      const metadata = ctx.body as Record<string, unknown> | undefined;
      if (ctx.status !== 200 || !metadata || typeof metadata !== 'object') return undefined;
      // B2C sends no iss in authorization responses (RFC 9207) and does not claim to.
      delete metadata.authorization_response_iss_parameter_supported;
      advertiseRevocationAuth(metadata, state.switches.revocation);
      tamperMetadata(metadata, state.switches.discovery, origin);
      return undefined;
    }
    if (ctx.path === ROUTES.jwks) {
      state.stats.jwksRequests += 1;
      await next();
      const jwks = ctx.body as { keys?: unknown[] } | undefined;
      if (state.switches.idToken === 'noKidMultipleKeys' && Array.isArray(jwks?.keys)) {
        // A copy: oidc-provider hands out the same JWKS object on every request.
        ctx.body = { ...jwks, keys: [...jwks.keys, (await keys.spare()).publicJwk] };
      }
      return undefined;
    }
    return next();
  };
}

/**
 * oidc-provider authenticates revocation requests as token requests but does not say so, and RFC 8414 reads a
 * missing `revocation_endpoint_auth_methods_supported` as client_secret_basic only: the list is spelled out, with
 * `none` (the public client) unless revocation is 'confidentialOnly'.
 */
function advertiseRevocationAuth(metadata: Record<string, unknown>, revocation: IdpSwitches['revocation']): void {
  if (metadata.revocation_endpoint === undefined || !Array.isArray(metadata.token_endpoint_auth_methods_supported)) return;
  const methods = metadata.token_endpoint_auth_methods_supported as unknown[];
  metadata.revocation_endpoint_auth_methods_supported =
    revocation === 'public' ? [...methods] : methods.filter((method) => method !== 'none');
}
