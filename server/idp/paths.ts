/**
 * Azure AD B2C's URL shapes. oidc-provider is mounted under the policy prefix
 * (`/{tenant}.onmicrosoft.com/{policy}`) and its routes are named after B2C's endpoints.
 */

/** oidc-provider routes, relative to the policy prefix. */
export const ROUTES = Object.freeze({
  authorization: '/oauth2/v2.0/authorize',
  token: '/oauth2/v2.0/token',
  end_session: '/oauth2/v2.0/logout',
  jwks: '/discovery/v2.0/keys',
});

/** Where B2C serves discovery, relative to the policy prefix. */
export const DISCOVERY_PATH = '/v2.0/.well-known/openid-configuration';
/** Where oidc-provider serves discovery, relative to its mount. */
export const PROVIDER_DISCOVERY_PATH = '/.well-known/openid-configuration';
/** The login page (our interaction), relative to the policy prefix. */
export const INTERACTION_PATH = '/interaction';

/** The absolute URLs and prefixes of one provider instance. */
export interface IdpUrls {
  /** `http://localhost:PORT` */
  readonly origin: string;
  /** `/{tenant}.onmicrosoft.com/{policy}` */
  readonly prefix: string;
  readonly authority: string;
  readonly issuer: string;
}

/** Returns the B2C-shaped URLs for a provider listening on `port`. */
export function urlsFor(port: number, tenant: string, policy: string, tenantId: string): IdpUrls {
  const origin = `http://localhost:${port}`;
  const prefix = `/${tenant}.onmicrosoft.com/${policy}`;
  return Object.freeze({
    origin,
    prefix,
    authority: `${origin}${prefix}/v2.0`,
    issuer: `${origin}/${tenantId}/v2.0/`,
  });
}
