import { randomBytes } from 'node:crypto';
import { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { claimsOf, type AccountStore } from './accounts.ts';
import type { ControlState } from './controls.ts';
import { createImplicitConsent, restoreOfflineAccess } from './grants.ts';
import { flowOf, INTERACTION_PATH, ROUTES, type Flow, type FlowKind } from './paths.ts';
import { renderErrorPage, renderSignedOutPage } from './login-page.ts';
import type { SigningKeys } from './keys.ts';
import type { LogoutSource } from './logout.ts';
import type { MemoryStore } from './memory-store.ts';
import { createResources } from './resources.ts';
import type { IdpSettings } from './settings.ts';

/** B2C's answer to prompt=none without a session. */
export const NO_SESSION_DESCRIPTION =
  "AADB2C90077: User does not have an existing session and request prompt parameter has a value of 'None'.";
/** What prompt=none gets (with error=interaction_required) on the flows that always show their page. */
export const PAGE_REQUIRED_DESCRIPTION = 'This user flow always asks the user for input; it cannot run with prompt=none.';
/** The flows whose page shows even when the tenant session has a user, as in B2C. */
const ALWAYS_SHOW_PAGE: ReadonlySet<FlowKind> = new Set(['resetPassword', 'editProfile']);

/** What the configuration is built from. */
export interface ConfigDeps {
  readonly settings: IdpSettings;
  readonly flows: readonly Flow[];
  readonly accounts: AccountStore;
  readonly keys: SigningKeys;
  readonly store: MemoryStore;
  readonly state: ControlState;
  /** What the end-session GET shows a signed-in user (logout.ts). */
  readonly logoutSource: LogoutSource;
  /** Cookie options shared with the logout completion, which clears the session cookie itself. */
  readonly cookies: { names: { session: string; interaction: string; resume: string }; long: object; short: object };
}

/** Returns the cookie settings: plain http on localhost (no Secure), SameSite=Lax, names unique per port. */
export function cookieSettings(port: number): ConfigDeps['cookies'] {
  // Cookies ignore the port, so two providers on localhost must not share cookie names.
  const names = { session: `_session_${port}`, interaction: `_interaction_${port}`, resume: `_interaction_resume_${port}` };
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: false, signed: true };
  return { names, long: options, short: options };
}

/** Returns the oidc-provider configuration that reproduces B2C's behaviour. */
export function buildConfiguration(deps: ConfigDeps): Configuration {
  const { settings, accounts, state, flows } = deps;
  const resources = createResources(settings, accounts, state, flows);
  return {
    adapter: (model: string) => deps.store.adapterFor(model),
    clients: [
      {
        client_id: settings.clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [...settings.redirectUris],
        post_logout_redirect_uris: [...settings.redirectUris],
        // B2C always puts auth_time in ID tokens.
        require_auth_time: true,
      },
    ],
    jwks: { keys: [deps.keys.primary.privateJwk] as never },
    cookies: { ...deps.cookies, keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub', 'name', 'emails', 'oid', 'tfp', 'ver', 'nbf'] },
    // B2C puts the profile claims in the ID token even in the code flow.
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    routes: { ...ROUTES },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'], requestObjectSigningAlgValues: ['RS256'] },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: deps.logoutSource, postLogoutSuccessSource: signedOutPage },
      // For the public client too (token_endpoint_auth_method none): it revokes its own refresh token at sign-out.
      // A client revokes only its own tokens; any other token is ignored (answered 200, as RFC 7009 allows).
      // With revocation 'confidentialOnly' a client without authentication revokes nothing (revocation.ts answers 401).
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) =>
          token.clientId === client.clientId && (state.switches.revocation === 'public' || client.clientAuthMethod !== 'none'),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: resources.defaultResource.bind(resources),
        getResourceServerInfo: resources.getResourceServerInfo.bind(resources),
        useGrantedResource: () => true,
      },
    },
    formats: { customizers: { jwt: resources.customizeAccessToken.bind(resources) } },
    // `p` is B2C's policy query parameter; its validator is our hook after oidc-provider's scope check.
    extraParams: { p: restoreOfflineAccess },
    loadExistingGrant: createImplicitConsent(resources.consented),
    // oidc-provider's default rule (offline_access asked for, refresh_token allowed), plus B2C's: the refresh token
    // is good for every API the client is consented for (resources.ts).
    issueRefreshToken: (_ctx, client, source) => {
      if (!client.grantTypeAllowed('refresh_token') || !source.scopes.has('offline_access')) return false;
      resources.bindToEveryApi(source);
      return true;
    },
    findAccount: (ctx, sub) => {
      const user = accounts.byId(sub);
      if (!user) return undefined;
      // tfp names the flow whose endpoint issues the token (the token endpoint's, for code and refresh grants).
      const policy = flowOf(flows, ctx).policy;
      return { accountId: user.oid, claims: () => ({ ...claimsOf(user, policy), nbf: Math.floor(Date.now() / 1000) }) };
    },
    interactions: {
      policy: b2cInteractionPolicy(flows),
      // Under the policy of the request, so each flow's pages (and the interaction cookie's path) stay its own.
      url: (ctx, interaction) => `${String(ctx.mountPath)}${INTERACTION_PATH}/${interaction.uid}`,
    },
    rotateRefreshToken: (ctx) => {
      // Called on every refresh_token grant after validation, before the old token is consumed, so a failure
      // leaves the presented refresh token usable, as after a transient B2C outage or a request B2C refuses.
      resources.assertOneResource(ctx);
      if (state.takeRefreshFailure()) throw temporarilyUnavailable();
      return true;
    },
    ttl: {
      AccessToken: () => state.switches.accessTokenTtl,
      IdToken: () => state.switches.idTokenTtl,
      AuthorizationCode: 60,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      RefreshToken: (ctx) => ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? state.switches.refreshTokenTtl,
    },
    // cors.ts decides CORS for the token endpoint before oidc-provider looks at it.
    clientBasedCORS: () => true,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(out);
    },
  };
}

/**
 * The default policy with B2C's error for prompt=none without a session, plus a login check that makes the password
 * reset and profile edit flows show their page even with a session. oidc-provider runs the checks again on resume
 * with ctx.oidc.result set, and then the page's login result satisfies it.
 */
function b2cInteractionPolicy(flows: readonly Flow[]): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  const noSession = login?.checks.get('no_session');
  if (noSession) {
    noSession.error = 'interaction_required';
    noSession.description = NO_SESSION_DESCRIPTION;
  }
  login?.checks.add(
    new interactionPolicy.Check('b2c_flow_page', PAGE_REQUIRED_DESCRIPTION, 'interaction_required', (ctx) =>
      ALWAYS_SHOW_PAGE.has(flowOf(flows, ctx).kind) && !ctx.oidc.result?.login
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}

async function signedOutPage(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = renderSignedOutPage();
}

function temporarilyUnavailable(): Error {
  const error = new errors.CustomOIDCProviderError('temporarily_unavailable', 'The service is temporarily unavailable.');
  // Errors of status 5xx are hidden by oidc-provider unless marked as exposed.
  Object.assign(error, { status: 503, statusCode: 503, expose: true });
  return error;
}
