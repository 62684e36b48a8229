import { importJWK, SignJWT, type JWK, type JWTPayload, type JWTHeaderParameters } from 'jose';
import * as oauth from 'oauth4webapi';
import { API_SCOPE, CLIENT_ID, DEMO_USERS, REDIRECT_URI } from '../../server/local.ts';
import { createBrowserSession } from './idp-driver.ts';

/** The part of a running provider that a token request needs. */
export interface ProviderLocation {
  /** Discovery base. */
  authority: string;
  /** The issuer its metadata and tokens carry. */
  issuer: string;
}

/** Tokens from one real authorization code flow. */
export interface IssuedTokens {
  accessToken: string;
  idToken: string;
}

export interface GetTokensOptions {
  /** Default `openid offline_access ${API_SCOPE}`. */
  scope?: string;
  /** Default the first demo user. */
  user?: { email: string; password: string };
}

// Loopback only: oauth4webapi refuses http:// unless told, and that switch must stand out.
const INSECURE = { [oauth.allowInsecureRequests]: true } as const;

/**
 * Signs in at a running provider the way the extension does (discovery, PKCE S256, the login
 * pages walked by the HTTP driver, code exchange as a public client) and returns the tokens.
 *
 * @throws whatever oauth4webapi throws when a step does not validate.
 */
export async function getTokens(provider: ProviderLocation, options: GetTokensOptions = {}): Promise<IssuedTokens> {
  const as = await discover(provider);
  const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const authorizeUrl = new URL(as.authorization_endpoint!);
  authorizeUrl.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: options.scope ?? `openid offline_access ${API_SCOPE}`,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  const redirected = await createBrowserSession().signIn(authorizeUrl, options.user ?? DEMO_USERS[0]);
  const params = oauth.validateAuthResponse(as, client, redirected, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    REDIRECT_URI,
    codeVerifier,
    INSECURE,
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: nonce,
    requireIdToken: true,
  });
  return { accessToken: result.access_token, idToken: result.id_token! };
}

async function discover(provider: ProviderLocation): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(new URL(provider.authority), { algorithm: 'oidc', ...INSECURE });
  // B2C's metadata names the GUID issuer, not the authority it was fetched from.
  return oauth.processDiscoveryResponse(new URL(provider.issuer), response);
}

/**
 * Signs `claims` as a compact RS256 JWT with `privateJwk`, exactly as given: no iat/exp are added,
 * so a test can leave any claim out. `header` overrides the default `{ alg: 'RS256', kid, typ: 'JWT' }`.
 *
 * @returns the compact JWS.
 */
export async function mintToken(privateJwk: JWK, claims: JWTPayload, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
  const protectedHeader: JWTHeaderParameters = {
    alg: 'RS256',
    typ: 'JWT',
    ...(privateJwk.kid ? { kid: privateJwk.kid } : {}),
    ...header,
  };
  const key = await importJWK(privateJwk, protectedHeader.alg);
  return new SignJWT(claims).setProtectedHeader(protectedHeader).sign(key);
}
