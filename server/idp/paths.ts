/**
 * Azure AD B2C's URL shapes. One oidc-provider serves every user flow: each flow (policy) is mounted under its own
 * prefix (`/{tenant}.onmicrosoft.com/{policy}`) and oidc-provider's routes, named after B2C's endpoints, are
 * relative to it. All flows share one issuer, as B2C's do.
 */

/** oidc-provider routes, relative to the policy prefix. */
export const ROUTES = Object.freeze({
  authorization: '/oauth2/v2.0/authorize',
  token: '/oauth2/v2.0/token',
  end_session: '/oauth2/v2.0/logout',
  // B2C has no revocation endpoint; this provider offers one (RFC 7009) so sign-out's revocation can be tested.
  revocation: '/oauth2/v2.0/revoke',
  jwks: '/discovery/v2.0/keys',
});

/** oidc-provider's end-session confirmation (the "Log out" page's form posts here), relative to the policy prefix. */
export const END_SESSION_CONFIRM_PATH = `${ROUTES.end_session}/confirm`;
/** Where B2C serves discovery, relative to the policy prefix. */
export const DISCOVERY_PATH = '/v2.0/.well-known/openid-configuration';
/** Where oidc-provider serves discovery, relative to its mount. */
export const PROVIDER_DISCOVERY_PATH = '/.well-known/openid-configuration';
/** The login pages (our interactions), relative to the policy prefix. */
export const INTERACTION_PATH = '/interaction';

/** The three B2C user flows the provider serves. */
export type FlowKind = 'signIn' | 'resetPassword' | 'editProfile';

/** One user flow: its policy name and where it is mounted. */
export interface Flow {
  readonly kind: FlowKind;
  readonly policy: string;
  /** `/{tenant}.onmicrosoft.com/{policy}` */
  readonly prefix: string;
  /** `${origin}${prefix}/v2.0`, the discovery base. */
  readonly authority: string;
}

/** The absolute URLs and prefixes of one provider instance. */
export interface IdpUrls {
  /** `http://localhost:PORT` */
  readonly origin: string;
  readonly issuer: string;
  /** Every user flow, the sign-in flow first. */
  readonly flows: readonly Flow[];
  readonly authorities: Readonly<Record<FlowKind, string>>;
}

/** Returns the B2C-shaped URLs for a provider listening on `port`. */
export function urlsFor(port: number, tenant: string, policies: Readonly<Record<FlowKind, string>>, tenantId: string): IdpUrls {
  const origin = `http://localhost:${port}`;
  const flowFor = (kind: FlowKind): Flow => {
    const prefix = `/${tenant}.onmicrosoft.com/${policies[kind]}`;
    return Object.freeze({ kind, policy: policies[kind], prefix, authority: `${origin}${prefix}/v2.0` });
  };
  const flows = Object.freeze([flowFor('signIn'), flowFor('resetPassword'), flowFor('editProfile')]);
  const authorities = Object.freeze(Object.fromEntries(flows.map((flow) => [flow.kind, flow.authority])));
  return Object.freeze({
    origin,
    issuer: `${origin}/${tenantId}/v2.0/`,
    flows,
    authorities: authorities as Record<FlowKind, string>,
  });
}

/**
 * Returns the flow a request was mounted under (mount.ts sets ctx.mountPath to its prefix).
 * Throws a TypeError for a context that did not pass through the mount, which would be a wiring bug.
 */
export function flowOf(flows: readonly Flow[], ctx: object): Flow {
  const { mountPath } = ctx as { mountPath?: unknown };
  const flow = flows.find((candidate) => candidate.prefix === mountPath);
  if (!flow) throw new TypeError(`no user flow is mounted at "${String(mountPath)}"`);
  return flow;
}
