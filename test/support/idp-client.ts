/**
 * What the integration tests share: a test provider per file (useTestIdp), the package's auth against it
 * through the HTTP login driver (harness, configFor, httpAuthFlow), and a raw OAuth client of its
 * user flows (useIdpClient, startFlow, tokens, refresh).
 */
import { compactVerify, createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuth, type Auth, type LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { type ApiSettings, type Settings } from '../../packages/mv3-signin/src/settings/config';
import { parseBuildEnv, type BuildEnv } from '../../lib/build-settings';
import { tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { startIdp, type Idp, type IdpOptions } from '../../server/idp';
import { API_SCOPE, CLIENT_ID, DEMO_USERS, REDIRECT_URI } from '../../server/local';
import { createBrowserSession, type BrowserSession } from './idp-driver';

export const ALICE = DEMO_USERS[0]!;
export const BOB = DEMO_USERS[1]!;
/** The demo user without a display name. */
export const NONAME = DEMO_USERS[2]!;

/** The extension's configuration for a provider started on a free port. */
export function configFor(idp: Idp, override: BuildEnv = {}): Settings {
  return parseBuildEnv({
    WXT_AUTHORITY: idp.authority,
    WXT_ISSUER: idp.issuer,
    WXT_CLIENT_ID: CLIENT_ID,
    WXT_SCOPES: API_SCOPE,
    WXT_API_URL: 'http://localhost:1/hello',
    ...override,
  });
}

export function startTestIdp(options: IdpOptions = {}): Promise<Idp> {
  return startIdp({ port: 0, testControls: true, ...options });
}

/**
 * The provider of a test file: started on a free port before the file's tests, its switches and
 * counters reset before each test, stopped after. The returned handle is usable inside tests.
 */
export function useTestIdp(options: IdpOptions = {}): Idp {
  let started: Idp | undefined;
  const current = (): Idp => {
    if (!started) throw new Error('The test provider is not running yet (use it inside a test or hook).');
    return started;
  };
  beforeAll(async () => {
    started = await startTestIdp(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    started?.controls.reset();
  });
  return {
    get port() {
      return current().port;
    },
    get origin() {
      return current().origin;
    },
    get authority() {
      return current().authority;
    },
    get authorities() {
      return current().authorities;
    },
    get issuer() {
      return current().issuer;
    },
    get controls() {
      return current().controls;
    },
    close: () => current().close(),
  };
}

/**
 * A launchWebAuthFlow that walks the real provider's pages over HTTP as `user`, in one cookie jar
 * (the "browser"), and returns the redirect URL. `rewrite` lets a test tamper with that URL.
 */
export function httpAuthFlow(
  browser: BrowserSession,
  user: { email: string; password: string } | undefined = ALICE,
  rewrite: (url: URL) => URL = (url) => url,
): LaunchWebAuthFlow {
  return async ({ url, interactive }) => {
    let redirected: URL;
    try {
      redirected = await browser.signIn(url, interactive ? user : undefined);
    } catch (err) {
      // Chrome's own words when a non-interactive flow meets a page that needs the user.
      if (!interactive) throw new Error('User interaction required.', { cause: err });
      throw err;
    }
    return rewrite(redirected).href;
  };
}

export interface Harness {
  readonly auth: Auth;
  /** Every launchWebAuthFlow call, in order: whether it was interactive, and the URL's path. */
  readonly launches: { interactive: boolean; path: string }[];
  readonly browser: BrowserSession;
  readonly config: Settings;
}

/** A fresh extension "install" (empty storage) wired to `idp` through the HTTP driver. */
export interface HarnessOptions {
  readonly user?: typeof ALICE;
  readonly rewrite?: (url: URL) => URL;
  readonly config?: BuildEnv;
  /** Replaces the default flow (sign in as `user`), e.g. to click Cancel on the provider's page. */
  readonly flow?: (browser: BrowserSession) => LaunchWebAuthFlow;
  /** APIs after the first (the settings' `apis`), e.g. the local provider's second API. */
  readonly moreApis?: readonly ApiSettings[];
}

export function harness(idp: Idp, options: HarnessOptions = {}): Harness {
  fakeBrowser.reset();
  const browser = createBrowserSession();
  const base = configFor(idp, options.config);
  const config: Settings = options.moreApis ? { ...base, apis: [...base.apis, ...options.moreApis] } : base;
  const flow = options.flow?.(browser) ?? httpAuthFlow(browser, options.user, options.rewrite);
  const launches: Harness['launches'] = [];
  const launchWebAuthFlow: LaunchWebAuthFlow = (details) => {
    launches.push({ interactive: details.interactive, path: new URL(details.url).pathname });
    return flow(details);
  };
  const auth = createAuth({ config, redirectUri: REDIRECT_URI, launchWebAuthFlow });
  return { auth, browser, config, launches };
}

/** Everything in extension storage, as JSON text. */
export async function storageDump(): Promise<string> {
  return JSON.stringify([await fakeBrowser.storage.session.get(null), await fakeBrowser.storage.local.get(null)]);
}

export const JWT_PATTERN = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;

/** Moves the stored tokens' clock: as if `ms` had passed (the refresh point and expiry come closer). */
export async function age(ms: number): Promise<void> {
  const tokens = await tokensItem.getValue();
  if (!tokens) throw new Error('no stored tokens to age');
  await tokensItem.setValue({
    ...tokens,
    refreshAt: tokens.refreshAt - ms,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt - ms,
  });
}

// The local provider as an OpenID client sees it, for the idp-*.test.ts files: discovery, the code flow with PKCE and
// refresh through oauth4webapi, and the pages themselves through a cookie-keeping fetch.

// Loopback only: oauth4webapi refuses http:// unless told, and that switch must stand out.
export const INSECURE = { [oauth.allowInsecureRequests]: true } as const;
export const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };
export const SCOPE = `openid offline_access ${API_SCOPE}`;

// Filled in by useIdpClient() before a file's tests (live bindings: read them inside tests and hooks).
/** The sign-in flow's metadata. */
export let as: oauth.AuthorizationServer;
/** Each user flow's metadata. */
export let servers: Record<keyof Idp['authorities'], oauth.AuthorizationServer>;
export let jwks: { keys: JWK[] };
/** The codes and tokens handed out so far: none of them may reach the provider's log. */
export const secrets = new Set<string>();
const logLines: string[] = [];

/**
 * The provider of an idp-*.test.ts file, as useTestIdp starts it (switches and counters reset before each test) but
 * with its log kept: before the tests, discovers each user flow and fetches the keys; after them, checks that no
 * code or token in `secrets` reached the log.
 */
export function useIdpClient(): Idp {
  const idp = useTestIdp({ log: (line) => logLines.push(line) });

  async function discover(authority = idp.authority): Promise<oauth.AuthorizationServer> {
    const response = await oauth.discoveryRequest(new URL(authority), { algorithm: 'oidc', ...INSECURE });
    return oauth.processDiscoveryResponse(new URL(idp.issuer), response);
  }

  beforeAll(async () => {
    servers = {
      signIn: await discover(idp.authorities.signIn),
      resetPassword: await discover(idp.authorities.resetPassword),
      editProfile: await discover(idp.authorities.editProfile),
    };
    as = servers.signIn;
    jwks = (await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] };
  });
  afterAll(() => {
    // Nothing secret may ever reach the log.
    for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
  return idp;
}

export interface Flow {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
  /** The user flow's metadata: its authorize and token endpoints. */
  server: oauth.AuthorizationServer;
}

export async function startFlow(extra: Record<string, string> = {}, server = as): Promise<Flow> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(server.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPE,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  }).toString();
  return { url, verifier, state, nonce, server };
}

/** Signs in with a fresh browser and returns the flow plus the validated callback parameters. */
export async function signIn(user = ALICE, extra: Record<string, string> = {}, browser: BrowserSession = createBrowserSession()) {
  const flow = await startFlow(extra);
  const redirect = await browser.signIn(flow.url, user);
  const params = oauth.validateAuthResponse(as, client, redirect, flow.state);
  secrets.add(params.get('code')!);
  return { flow, redirect, params, browser };
}

export function exchange(flow: Flow, params: URLSearchParams): Promise<Response> {
  const { server } = flow;
  return oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, REDIRECT_URI, flow.verifier, INSECURE);
}

/** Adds a token response's tokens to `secrets`: none may reach the provider's log. */
export function keepOutOfLog(result: oauth.TokenEndpointResponse): void {
  for (const value of [result.access_token, result.id_token, result.refresh_token]) if (value) secrets.add(value);
}

/** Validates the redirect of a flow and redeems its code at the flow's token endpoint (oauth4webapi checks all). */
export async function complete(flow: Flow, redirect: URL) {
  const params = oauth.validateAuthResponse(flow.server, client, redirect, flow.state);
  secrets.add(params.get('code')!);
  const result = await oauth.processAuthorizationCodeResponse(flow.server, client, await exchange(flow, params), {
    expectedNonce: flow.nonce,
    requireIdToken: true,
  });
  keepOutOfLog(result);
  return { result, claims: oauth.getValidatedIdTokenClaims(result)!, access: decodeJwt(result.access_token) };
}

/** A full sign-in and code exchange validated by oauth4webapi. */
export async function tokens(user = ALICE, extra: Record<string, string> = {}) {
  const { flow, params, browser } = await signIn(user, extra);
  const result = await oauth.processAuthorizationCodeResponse(as, client, await exchange(flow, params), {
    expectedNonce: flow.nonce,
    requireIdToken: true,
  });
  keepOutOfLog(result);
  return { result, browser };
}

/** The raw token response body for a fresh sign-in (no client-side validation). */
export async function rawTokenResponse(): Promise<{ response: Response; flow: Flow }> {
  const { flow, params } = await signIn();
  return { response: await exchange(flow, params), flow };
}

/**
 * A refresh_token grant at `server`'s token endpoint (default the sign-in flow's); with `scope`, for that API's
 * scopes, as MSAL's acquireTokenSilent sends it for one API.
 */
export function refresh(
  refreshToken: string,
  { server = as, scope }: { server?: oauth.AuthorizationServer; scope?: string } = {},
) {
  return oauth.refreshTokenGrantRequest(server, client, oauth.None(), refreshToken, {
    ...INSECURE,
    ...(scope ? { additionalParameters: { scope } } : {}),
  });
}

/** A cookie-keeping fetch for looking at the pages themselves (the driver only submits them). */
export function rawBrowser() {
  const cookies = new Map<string, string>();
  const go = async (url: URL | string, init: RequestInit = {}) => {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  };
  /** Follows an authorize URL to its page; returns the page's URL and HTML. */
  const open = async (authorizeUrl: URL) => {
    const page = new URL((await go(authorizeUrl)).headers.get('location')!, authorizeUrl);
    return { page, html: await (await go(page)).text() };
  };
  /** Posts a form; `action` is the (escaped) attribute value from the page. */
  const post = (action: string, base: URL, fields: Record<string, string>) =>
    go(new URL(action.replaceAll('&amp;', '&'), base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  return { go, open, post };
}

/** The action of the form with this id. */
export function formAction(html: string, id: string): string {
  return new RegExp(`id="${id}"[^>]*action="([^"]+)"`).exec(html)![1]!;
}

/** Checks only the signature, against the published JWKS (the claims may be wrong on purpose). */
export function verifySignature(token: string) {
  return compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
}

export function verifyWithJwks(token: string) {
  return jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
}
