import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import { request as httpRequest } from 'node:http';
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOST_REFUSED } from '../../server/idp/host-check';
import { PAGE_CSP } from '../../server/idp/html';
import { startIdp, type Idp, type IdpSwitches } from '../../server/idp/index';
import { CANCELLED } from '../../server/idp/interactions';
import {
  API_APP_ID,
  API_SCOPE,
  CLIENT_ID,
  DEMO_USERS,
  EXTENSION_ORIGIN,
  PASSWORD_RESET_POLICY,
  POLICY,
  PROFILE_EDIT_POLICY,
  REDIRECT_URI,
  TENANT_ID,
  authorityFor,
} from '../../server/local';
import { createBrowserSession, type BrowserSession } from '../support/idp-driver';

// Loopback only: oauth4webapi refuses http:// unless told, and that switch must stand out.
const INSECURE = { [oauth.allowInsecureRequests]: true } as const;
const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' };
const [alice, bob, noname] = DEMO_USERS as [
  (typeof DEMO_USERS)[number],
  (typeof DEMO_USERS)[number],
  (typeof DEMO_USERS)[number],
];
const SCOPE = `openid offline_access ${API_SCOPE}`;

let idp: Idp;
/** The sign-in flow's metadata. */
let as: oauth.AuthorizationServer;
/** Each user flow's metadata. */
let servers: Record<keyof Idp['authorities'], oauth.AuthorizationServer>;
let jwks: { keys: JWK[] };
const logLines: string[] = [];
const secrets = new Set<string>();

beforeAll(async () => {
  idp = await startIdp({ port: 0, testControls: true, log: (line) => logLines.push(line) });
  servers = {
    signIn: await discover(idp.authorities.signIn),
    passwordReset: await discover(idp.authorities.passwordReset),
    profileEdit: await discover(idp.authorities.profileEdit),
  };
  as = servers.signIn;
  jwks = (await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] };
});
afterEach(() => idp.controls.reset());
afterAll(async () => {
  await idp?.close();
  // Nothing secret may ever reach the log.
  for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
});

async function discover(authority = idp.authority): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(new URL(authority), { algorithm: 'oidc', ...INSECURE });
  return oauth.processDiscoveryResponse(new URL(idp.issuer), response);
}

interface Flow {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
  /** The user flow's metadata: its authorize and token endpoints. */
  server: oauth.AuthorizationServer;
}

async function startFlow(extra: Record<string, string> = {}, server = as): Promise<Flow> {
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
async function signIn(user = alice, extra: Record<string, string> = {}, browser: BrowserSession = createBrowserSession()) {
  const flow = await startFlow(extra);
  const redirect = await browser.signIn(flow.url, user);
  const params = oauth.validateAuthResponse(as, client, redirect, flow.state);
  secrets.add(params.get('code')!);
  return { flow, redirect, params, browser };
}

function exchange(flow: Flow, params: URLSearchParams): Promise<Response> {
  const { server } = flow;
  return oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, REDIRECT_URI, flow.verifier, INSECURE);
}

/** Validates the redirect of a flow and redeems its code at the flow's token endpoint (oauth4webapi checks all). */
async function complete(flow: Flow, redirect: URL) {
  const params = oauth.validateAuthResponse(flow.server, client, redirect, flow.state);
  secrets.add(params.get('code')!);
  const result = await oauth.processAuthorizationCodeResponse(flow.server, client, await exchange(flow, params), {
    expectedNonce: flow.nonce,
    requireIdToken: true,
  });
  for (const value of [result.access_token, result.id_token, result.refresh_token]) if (value) secrets.add(value);
  return { result, claims: oauth.getValidatedIdTokenClaims(result)!, access: decodeJwt(result.access_token) };
}

/** A full sign-in and code exchange validated by oauth4webapi. */
async function tokens(user = alice, extra: Record<string, string> = {}) {
  const { flow, params, browser } = await signIn(user, extra);
  const result = await oauth.processAuthorizationCodeResponse(as, client, await exchange(flow, params), {
    expectedNonce: flow.nonce,
    requireIdToken: true,
  });
  for (const value of [result.access_token, result.id_token, result.refresh_token]) if (value) secrets.add(value);
  return { result, browser };
}

/** The raw token response body for a fresh sign-in (no client-side validation). */
async function rawTokenResponse(): Promise<{ response: Response; flow: Flow }> {
  const { flow, params } = await signIn();
  return { response: await exchange(flow, params), flow };
}

function refresh(refreshToken: string, server = as): Promise<Response> {
  return oauth.refreshTokenGrantRequest(server, client, oauth.None(), refreshToken, INSECURE);
}

/** A cookie-keeping fetch for looking at the pages themselves (the driver only submits them). */
function rawBrowser() {
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
function formAction(html: string, id: string): string {
  return new RegExp(`id="${id}"[^>]*action="([^"]+)"`).exec(html)![1]!;
}

/** Checks only the signature, against the published JWKS (the claims may be wrong on purpose). */
function verifySignature(token: string) {
  return compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
}

function verifyWithJwks(token: string) {
  return jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
}

describe('B2C shapes', () => {
  it('serves B2C-shaped discovery whose issuer differs from the discovery URL', async () => {
    const metadata = (await (await fetch(`${idp.authority}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const prefix = `${idp.origin}/b2cdemo.onmicrosoft.com/${POLICY}`;
    expect(idp.authority).toBe(`${prefix}/v2.0`);
    expect(metadata).toMatchObject({
      issuer: `${idp.origin}/${TENANT_ID}/v2.0/`,
      authorization_endpoint: `${prefix}/oauth2/v2.0/authorize`,
      token_endpoint: `${prefix}/oauth2/v2.0/token`,
      end_session_endpoint: `${prefix}/oauth2/v2.0/logout`,
      jwks_uri: `${prefix}/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.issuer).not.toBe(`${idp.authority}/`);
    expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('runs the code flow with PKCE and issues B2C-shaped tokens', async () => {
    const { flow, redirect, params } = await signIn();
    expect(redirect.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(redirect.searchParams.has('iss')).toBe(false);
    const response = await exchange(flow, params);
    const body = (await response.clone().json()) as Record<string, unknown>;
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    const idClaims = oauth.getValidatedIdTokenClaims(result)!;
    expect(idClaims).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      sub: alice.oid,
      oid: alice.oid,
      name: alice.name,
      emails: [alice.email],
      tfp: POLICY,
      ver: '1.0',
      nonce: flow.nonce,
    });
    expect(idClaims).toHaveProperty('auth_time');
    expect(idClaims).toHaveProperty('nbf');
    const access = await verifyWithJwks(result.access_token);
    expect(access.protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: jwks.keys[0]!.kid });
    expect(access.payload).toMatchObject({
      iss: idp.issuer,
      aud: API_APP_ID,
      scp: 'demo.read',
      sub: alice.oid,
      oid: alice.oid,
      name: alice.name,
      tfp: POLICY,
      azp: CLIENT_ID,
    });
    expect(access.payload).not.toHaveProperty('scope');
    expect(result.token_type).toBe('bearer');
    expect(result.expires_in).toBe(3600);
    expect(typeof result.refresh_token).toBe('string');
    expect(body.not_before).toEqual(expect.any(Number));
    expect(body.id_token_expires_in).toBe(3600);
    expect(body.refresh_token_expires_in).toBeGreaterThan(86_390);
    expect(String(body.scope).split(' ').sort()).toEqual(['offline_access', 'openid', API_SCOPE].sort());
    const profile = JSON.parse(Buffer.from(String(body.profile_info), 'base64').toString('utf8'));
    expect(profile).toEqual({
      ver: '1.0',
      tid: TENANT_ID,
      sub: alice.oid,
      name: alice.name,
      preferred_username: alice.email,
      idp: 'LocalAccount',
    });
  });

  it('leaves name out for a user without a display name', async () => {
    const { result } = await tokens(noname);
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    expect(claims).toMatchObject({ sub: noname.oid, emails: [noname.email] });
    expect(claims).not.toHaveProperty('name');
  });

  it('issues an access token for the client itself when the client id is the scope', async () => {
    const { result } = await tokens(bob, { scope: `openid offline_access ${CLIENT_ID}` });
    const { payload } = await verifyWithJwks(result.access_token);
    expect(payload).toMatchObject({ aud: CLIENT_ID, sub: bob.oid });
  });

  it('requires PKCE', async () => {
    const flow = await startFlow();
    flow.url.searchParams.delete('code_challenge');
    flow.url.searchParams.delete('code_challenge_method');
    const redirect = await createBrowserSession().navigate(flow.url);
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
  });

  it('issues no refresh token without offline_access', async () => {
    const { result } = await tokens(alice, { scope: `openid ${API_SCOPE}` });
    expect(result.refresh_token).toBeUndefined();
  });
});

describe('refresh tokens', () => {
  it('rotates on every use; reusing one is invalid_grant and counted', async () => {
    const { result } = await tokens();
    const first = result.refresh_token!;
    const second = await oauth.processRefreshTokenResponse(as, client, await refresh(first));
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first);
    expect(decodeJwt(second.id_token!).sub).toBe(alice.oid);
    secrets.add(second.refresh_token!);
    const reuse = await refresh(first);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(idp.controls.stats()).toMatchObject({
      refreshTokenReuse: 1,
      tokenRequests: { authorization_code: 1, refresh_token: 2 },
    });
  });

  it('accepts the scope parameter B2C clients send on refresh', async () => {
    const { result } = await tokens();
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token!, {
      ...INSECURE,
      additionalParameters: { scope: SCOPE },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      refresh_token_expires_in: expect.any(Number),
      profile_info: expect.any(String),
      id_token_expires_in: 3600,
    });
    expect(decodeJwt(String(body.access_token)).aud).toBe(API_APP_ID);
  });

  it('revokeGrants makes the next refresh invalid_grant', async () => {
    const { result } = await tokens();
    await idp.controls.revokeGrants();
    const response = await refresh(result.refresh_token!);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refreshFailures answers 503 temporarily_unavailable N times, then works with the same token', async () => {
    const { result } = await tokens();
    idp.controls.set({ refreshFailures: 2 });
    for (let i = 0; i < 2; i += 1) {
      const failed = await refresh(result.refresh_token!);
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable' });
    }
    const ok = await refresh(result.refresh_token!);
    expect(ok.status).toBe(200);
  });

  it('changeSubOnRefresh gives the refreshed ID token another sub, validly signed', async () => {
    const { result } = await tokens();
    idp.controls.set({ changeSubOnRefresh: true });
    const body = (await (await refresh(result.refresh_token!)).json()) as { id_token: string };
    const { payload } = await verifyWithJwks(body.id_token);
    expect(payload.sub).not.toBe(alice.oid);
    expect(payload.iss).toBe(idp.issuer);
  });
});

describe('token lifetimes', () => {
  it('accessTokenTtl and idTokenTtl switch the lifetimes', async () => {
    idp.controls.set({ accessTokenTtl: 120, idTokenTtl: 300 });
    const { result } = await tokens();
    expect(result.expires_in).toBe(120);
    const access = decodeJwt(result.access_token);
    expect(access.exp! - access.iat!).toBe(120);
    const id = decodeJwt(result.id_token!);
    expect(id.exp! - id.iat!).toBe(300);
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string, method: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
    });

  it('allows the extension origin on token, discovery and keys', async () => {
    const token = await preflight(as.token_endpoint!, EXTENSION_ORIGIN, 'POST');
    expect(token.status).toBe(204);
    expect(token.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(token.headers.get('access-control-allow-methods')).toContain('POST');
    expect(token.headers.get('access-control-allow-headers')).toContain('content-type');
    for (const url of [as.jwks_uri!, `${idp.authority}/.well-known/openid-configuration`]) {
      const response = await fetch(url, { headers: { origin: EXTENSION_ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    }
    const { flow, params } = await signIn();
    const exchanged = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { origin: EXTENSION_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        code: params.get('code')!,
        redirect_uri: REDIRECT_URI,
        code_verifier: flow.verifier,
      }),
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
  });

  it('gives another origin no CORS headers', async () => {
    const other = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const token = await preflight(as.token_endpoint!, other, 'POST');
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
    for (const url of [as.jwks_uri!, `${idp.authority}/.well-known/openid-configuration`]) {
      const response = await fetch(url, { headers: { origin: 'https://evil.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('sign-in page', () => {
  it('re-renders the form with an escaped error on a wrong password', async () => {
    const raw = rawBrowser();
    const { page, html: form } = await raw.open((await startFlow()).url);
    expect(form).toMatch(/<input[^>]+id="signInName"/);
    expect(form).toMatch(/<input[^>]+id="password"/);
    expect(form).toMatch(/<button id="next"[^>]*>Sign in<\/button>/);
    expect(form).toMatch(/<a id="forgotPassword" href="[^"]+">Forgot your password\?<\/a>/);
    expect(form).toMatch(/<a id="createAccount" href="[^"]+">Sign up now<\/a>/);
    const hostile = '"><script>alert(1)</script>@example.com';
    const rejected = await raw.post(formAction(form, 'localAccountForm'), page, { signInName: hostile, password: 'nope' });
    expect(rejected.status).toBe(200);
    const html = await rejected.text();
    expect(html).toContain('We can&#39;t seem to find your account.');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    await expect(
      createBrowserSession().signIn((await startFlow()).url, { email: alice.email, password: 'wrong' }),
    ).rejects.toThrow(/Your password is incorrect/);
  });

  it('after a wrong password the focus goes to the password, after an unknown email to the email', async () => {
    const autofocused = (html: string) =>
      [...html.matchAll(/<input[^>]*\bid="(\w+)"[^>]*>/g)].filter(([tag]) => /\sautofocus\b/.test(tag)).map(([, id]) => id);
    const raw = rawBrowser();
    const { page, html: form } = await raw.open((await startFlow()).url);
    expect(autofocused(form)).toEqual(['signInName']);
    const action = formAction(form, 'localAccountForm');
    const wrongPassword = await (await raw.post(action, page, { signInName: alice.email, password: 'wrong' })).text();
    expect(wrongPassword).toContain('Your password is incorrect.');
    expect(autofocused(wrongPassword)).toEqual(['password']);
    const unknown = await (await raw.post(action, page, { signInName: 'nobody@example.com', password: 'x' })).text();
    expect(unknown).toContain('We can&#39;t seem to find your account.');
    expect(autofocused(unknown)).toEqual(['signInName']);
  });

  it("sets the buttons' and fields' text in the labels' font, not the browser's smaller default", async () => {
    const { html } = await rawBrowser().open((await startFlow()).url);
    const css = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    const rules = [...css.replaceAll(/\/\*[^]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)].map(
      ([, selectors = '', body = '']) => ({
        selectors: selectors.split(',').map((selector) => selector.trim()),
        body,
      }),
    );
    const fontOf = (element: string) =>
      rules
        .filter(({ selectors }) => selectors.includes(element))
        .flatMap(({ body }) => [...body.matchAll(/(?:^|;)\s*font(?:-size)?\s*:\s*([^;]+)/g)].map(([, value]) => value?.trim()));
    // Labels take the body's size; buttons and inputs must not fall back to the user agent's 13.33px.
    expect(fontOf('label')).toEqual([]);
    for (const control of ['button', 'input']) expect(fontOf(control)).toContain('inherit');
  });

  it('Cancel ends the flow with AADB2C90091', async () => {
    const flow = await startFlow();
    const redirect = await createBrowserSession().cancel(flow.url);
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90091: /);
    expect(redirect.searchParams.get('state')).toBe(flow.state);
  });

  it('Forgot your password ends the flow with AADB2C90118', async () => {
    const redirect = await createBrowserSession().forgotPassword((await startFlow()).url);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90118: /);
  });
});

describe('sessions', () => {
  it('prompt=none without a session answers interaction_required (AADB2C90077)', async () => {
    const flow = await startFlow({ prompt: 'none' });
    const redirect = await createBrowserSession().signIn(flow.url);
    expect(redirect.searchParams.get('error')).toBe('interaction_required');
    expect(redirect.searchParams.get('error_description')).toMatch(/^AADB2C90077: /);
  });

  it('prompt=none with a session returns a code (and a refresh token) without a form', async () => {
    const { browser } = await signIn(bob);
    const flow = await startFlow({ prompt: 'none' });
    const params = oauth.validateAuthResponse(as, client, await browser.signIn(flow.url), flow.state);
    const result = await oauth.processAuthorizationCodeResponse(as, client, await exchange(flow, params), {
      expectedNonce: flow.nonce,
    });
    expect(oauth.getValidatedIdTokenClaims(result)!.sub).toBe(bob.oid);
    expect(result.refresh_token).toEqual(expect.any(String));
  });

  it('end-session redirects straight back with state and destroys the session', async () => {
    const { browser, result } = await tokens();
    const logout = new URL(as.end_session_endpoint!);
    logout.search = new URLSearchParams({
      id_token_hint: result.id_token!,
      post_logout_redirect_uri: REDIRECT_URI,
      state: 'bye',
    }).toString();
    const back = await browser.navigate(logout);
    expect(back.href).toBe(`${REDIRECT_URI}?state=bye`);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 1, endSessionConfirmations: 0 });
    const silent = await browser.signIn((await startFlow({ prompt: 'none' })).url);
    expect(silent.searchParams.get('error')).toBe('interaction_required');
    await expect(browser.signIn((await startFlow()).url)).rejects.toThrow(/form appeared/);
    // As in B2C, signing out does not revoke refresh tokens.
    expect((await refresh(result.refresh_token!)).status).toBe(200);
  });

  it('end-session without id_token_hint still returns to a registered URI', async () => {
    const { browser } = await signIn();
    const logout = new URL(as.end_session_endpoint!);
    logout.search = new URLSearchParams({ post_logout_redirect_uri: REDIRECT_URI }).toString();
    expect((await browser.navigate(logout)).href).toBe(REDIRECT_URI);
  });
});

// Issue 18: a DNS-rebinding page reaches nothing; end-session may ask first; revocation may refuse a public client.
describe('Host check (issue 18)', () => {
  /** GET `path` at the provider with this Host header (fetch would not let us set it). */
  function getWithHost(path: string, host: string): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: idp.port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject).end();
    });
  }
  const discoveryPath = () => new URL(`${idp.authority}/.well-known/openid-configuration`).pathname;

  it('answers 400 in plain text to a Host that is not loopback with the provider’s port', async () => {
    for (const host of [
      `evil.example:${idp.port}`,
      'evil.example',
      'localhost',
      `localhost:${idp.port + 1}`,
      `0.0.0.0:${idp.port}`,
    ]) {
      for (const path of [discoveryPath(), new URL(as.authorization_endpoint!).pathname, '/']) {
        const res = await getWithHost(path, host);
        expect(res, host).toMatchObject({ status: 400, body: HOST_REFUSED });
        expect(res.type).toMatch(/^text\/plain/);
      }
    }
    expect(idp.controls.stats().discoveryRequests).toBe(0);
  });

  it('serves localhost, 127.0.0.1 and [::1] with its port as before', async () => {
    for (const host of [`localhost:${idp.port}`, `LOCALHOST:${idp.port}`, `127.0.0.1:${idp.port}`, `[::1]:${idp.port}`]) {
      const res = await getWithHost(discoveryPath(), host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ issuer: idp.issuer });
    }
  });
});

describe("endSession 'confirm' (issue 18)", () => {
  function endSessionUrl(params: Record<string, string>): URL {
    const url = new URL(as.end_session_endpoint!);
    url.search = new URLSearchParams(params).toString();
    return url;
  }
  async function sessionAlive(browser: BrowserSession): Promise<boolean> {
    const silent = await browser.signIn((await startFlow({ prompt: 'none' })).url);
    return silent.searchParams.has('code');
  }

  it('shows a "Log out" page and keeps the session; posting its form ends it and returns with state', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const { browser } = await signIn();
    const logout = endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 'bye<"&>' });
    const { status, headers, html } = await browser.load(logout);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toMatch(/<form id="logoutForm" method="post" action="[^"]+\/oauth2\/v2\.0\/logout\/confirm">/);
    expect(html).toMatch(/<input type="hidden" name="xsrf" value="[0-9a-f]{48}">/);
    expect(html).toContain('<button id="logout" type="submit" autofocus>Log out</button>');
    expect(html).not.toContain('bye<');
    expect(html).not.toMatch(/<script/i);
    expect(await sessionAlive(browser)).toBe(true);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 1, endSessionConfirmations: 0 });

    const back = await browser.logOut(logout);
    expect(back.href).toBe(`${REDIRECT_URI}?state=${encodeURIComponent('bye<"&>')}`);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 2, endSessionConfirmations: 1 });
    expect(await sessionAlive(browser)).toBe(false);
  });

  it('ends nothing on a POST without the xsrf value bound to the page', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const { browser } = await signIn();
    const page = await browser.load(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI }));
    const action = /<form id="logoutForm" method="post" action="([^"]+)">/.exec(page.html)![1]!.replaceAll('&amp;', '&');
    for (const xsrf of ['', '0'.repeat(48)]) {
      const forged = await browser.load(new URL(action, as.end_session_endpoint), { xsrf, logout: 'yes' });
      expect(forged.status).toBe(400);
    }
    // Nor does another browser's POST with the right value: the value is bound to this browser's session.
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)![1]!;
    expect((await createBrowserSession().load(new URL(action, as.end_session_endpoint), { xsrf, logout: 'yes' })).status).toBe(
      400,
    );
    expect(await sessionAlive(browser)).toBe(true);
    expect(idp.controls.stats().endSessionConfirmations).toBe(0);
  });

  it('redirects at once when there is no signed-in user to ask', async () => {
    idp.controls.set({ endSession: 'confirm' });
    const back = await createBrowserSession().navigate(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 's' }));
    expect(back.href).toBe(`${REDIRECT_URI}?state=s`);
  });

  it("'redirect' (the default) shows no page: the driver's navigate would fail on one", async () => {
    const { browser } = await signIn();
    const back = await browser.navigate(endSessionUrl({ post_logout_redirect_uri: REDIRECT_URI, state: 'r' }));
    expect(back.href).toBe(`${REDIRECT_URI}?state=r`);
    expect(await sessionAlive(browser)).toBe(false);
  });
});

describe('revocation switch (issue 18)', () => {
  async function metadata(): Promise<Record<string, unknown>> {
    return (await fetch(`${idp.authority}/.well-known/openid-configuration`)).json() as Promise<Record<string, unknown>>;
  }
  async function refreshToken(): Promise<string> {
    const { result } = await tokens();
    return result.refresh_token!;
  }
  const revoke = (token: string) => oauth.revocationRequest(as, client, oauth.None(), token, INSECURE);

  it("'public' (the default) advertises none and lets the public client revoke", async () => {
    const advertised = await metadata();
    expect(advertised.revocation_endpoint_auth_methods_supported).toContain('none');
    expect(advertised.revocation_endpoint_auth_methods_supported).toEqual(advertised.token_endpoint_auth_methods_supported);
    const token = await refreshToken();
    expect((await revoke(token)).status).toBe(200);
    expect((await refresh(token)).status).toBe(400);
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 1, revocationRefused: 0 });
  });

  it("'confidentialOnly' lists no none and answers a public client 401 with an empty body, revoking nothing", async () => {
    idp.controls.set({ revocation: 'confidentialOnly' });
    const methods = (await metadata()).revocation_endpoint_auth_methods_supported;
    expect(methods).not.toContain('none');
    expect(methods).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    const token = await refreshToken();
    const res = await revoke(token);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 0, revocationRefused: 1 });
    expect((await refresh(token)).status).toBe(200);
  });

  it("'confidentialOnly' leaves a request with client credentials to oidc-provider (no confidential client here)", async () => {
    idp.controls.set({ revocation: 'confidentialOnly' });
    const token = await refreshToken();
    const basic = { client_id: CLIENT_ID, token_endpoint_auth_method: 'client_secret_basic' } as const;
    const res = await oauth.revocationRequest(as, basic, oauth.ClientSecretBasic('not-a-secret'), token, INSECURE);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 1, revocationRefused: 0 });
    expect((await refresh(token)).status).toBe(200);
  });
});

describe('test controls', () => {
  it('set() throws unless testControls', async () => {
    const plain = await startIdp({ port: 0 });
    try {
      expect(() => plain.controls.set({ tokenDelayMs: 1 })).toThrow(TypeError);
    } finally {
      await plain.close();
    }
  });

  it('tokenDelayMs delays the token endpoint', async () => {
    const { flow, params } = await signIn();
    idp.controls.set({ tokenDelayMs: 300 });
    const started = Date.now();
    expect((await exchange(flow, params)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('counts authorization requests', async () => {
    await signIn();
    expect(idp.controls.stats().authorizeRequests).toBe(1);
  });
});

describe('adversarial token endpoint', () => {
  it.each([
    ['html500', 500, /text\/html/, (text: string) => expect(text).toMatch(/<html/)],
    ['notJson', 200, /text\/plain/, (text: string) => expect(() => JSON.parse(text)).toThrow()],
    ['noAccessToken', 200, /json/, (text: string) => expect(JSON.parse(text)).not.toHaveProperty('access_token')],
    ['tokenTypeMac', 200, /json/, (text: string) => expect(JSON.parse(text)).toMatchObject({ token_type: 'MAC' })],
    [
      'invalidGrant',
      400,
      /json/,
      (text: string) =>
        expect(JSON.parse(text)).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/^AADB2C90080: /) }),
    ],
    ['hugeBody', 200, /json/, (text: string) => expect(text.length).toBeGreaterThan(5_000_000)],
  ] as const)('%s', async (mode, status, type, check) => {
    idp.controls.set({ tokenEndpoint: mode });
    const { response } = await rawTokenResponse();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(type);
    check(await response.text());
  });

  it('hang never answers', async () => {
    const { flow, params } = await signIn();
    idp.controls.set({ tokenEndpoint: 'hang' });
    const signal = AbortSignal.timeout(500);
    await expect(
      oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, flow.verifier, { ...INSECURE, signal }),
    ).rejects.toThrow();
    expect(signal.aborted).toBe(true);
  });
});

describe('adversarial ID tokens', () => {
  async function idTokenFor(mode: IdpSwitches['idToken']) {
    idp.controls.set({ idToken: mode });
    const { response, flow } = await rawTokenResponse();
    const body = (await response.json()) as { id_token: string };
    return { token: body.id_token, header: decodeProtectedHeader(body.id_token), claims: decodeJwt(body.id_token), flow };
  }

  it.each([
    ['wrongIss', (c: Record<string, unknown>) => expect(c.iss).not.toBe(idp.issuer)],
    ['wrongAud', (c: Record<string, unknown>) => expect(c.aud).not.toBe(CLIENT_ID)],
    [
      'extraAudNoAzp',
      (c: Record<string, unknown>) => {
        expect(c.aud).toEqual([CLIENT_ID, 'other-client']);
        expect(c).not.toHaveProperty('azp');
      },
    ],
    ['missingNonce', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('nonce')],
    ['expired', (c: Record<string, unknown>) => expect(Number(c.exp)).toBeLessThan(Date.now() / 1000)],
    ['missingSub', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('sub')],
    ['missingIat', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('iat')],
  ] as const)('%s changes the claims and is re-signed with the real key', async (mode, check) => {
    const { token, claims } = await idTokenFor(mode);
    check(claims);
    await expect(verifySignature(token)).resolves.toBeTruthy();
  });

  it('wrongNonce', async () => {
    const { token, claims, flow } = await idTokenFor('wrongNonce');
    expect(claims.nonce).not.toBe(flow.nonce);
    await expect(verifySignature(token)).resolves.toBeTruthy();
  });

  it('algNone has alg none and an empty signature', async () => {
    const { token, header, claims } = await idTokenFor('algNone');
    expect(header.alg).toBe('none');
    expect(token.endsWith('.')).toBe(true);
    expect(claims.sub).toBe(alice.oid);
  });

  it('hs256 is an HMAC keyed with the public key PEM', async () => {
    const { token, header } = await idTokenFor('hs256');
    expect(header.alg).toBe('HS256');
    const pem = await exportSPKI((await importJWK(jwks.keys[0]!, 'RS256', { extractable: true })) as CryptoKey);
    await expect(jwtVerify(token, new TextEncoder().encode(pem), { algorithms: ['HS256'] })).resolves.toBeTruthy();
  });

  it('badSignature keeps the claims but breaks the signature', async () => {
    const { token, claims, header } = await idTokenFor('badSignature');
    expect(claims.sub).toBe(alice.oid);
    expect(header.kid).toBe(jwks.keys[0]!.kid);
    await expect(verifyWithJwks(token)).rejects.toThrow(/signature/);
  });

  it('unknownKey is signed by a key the JWKS does not publish', async () => {
    const { token, header } = await idTokenFor('unknownKey');
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k) => k.kid)).not.toContain(header.kid);
    await expect(verifyWithJwks(token)).rejects.toThrow();
  });

  it('noKidMultipleKeys drops kid while the JWKS publishes two RS256 keys', async () => {
    const { token, header } = await idTokenFor('noKidMultipleKeys');
    expect(header).not.toHaveProperty('kid');
    const published = (await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] };
    expect(published.keys.filter((k) => k.alg === 'RS256')).toHaveLength(2);
    const verified = await Promise.any(
      published.keys.map(async (k) => jwtVerify(token, await importJWK({ ...k, kid: undefined }, 'RS256'))),
    );
    expect(verified.payload.sub).toBe(alice.oid);
    idp.controls.reset();
    expect(((await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] }).keys).toHaveLength(1);
  });
});

describe('adversarial authorization responses', () => {
  async function redirectFor(mode: IdpSwitches['authorizeResponse']) {
    idp.controls.set({ authorizeResponse: mode });
    const flow = await startFlow();
    return { flow, params: (await createBrowserSession().signIn(flow.url, alice)).searchParams };
  }

  it('forgedState', async () => {
    const { flow, params } = await redirectFor('forgedState');
    expect(params.get('state')).not.toBe(flow.state);
    expect(params.get('code')).toBeTruthy();
  });

  it('missingState', async () => {
    const { params } = await redirectFor('missingState');
    expect(params.has('state')).toBe(false);
    expect(params.get('code')).toBeTruthy();
  });

  it('accessDeniedHtml', async () => {
    const { params } = await redirectFor('accessDeniedHtml');
    expect(params.has('code')).toBe(false);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toBe('<img src=x onerror=alert(1)><b>Denied</b>');
  });

  it('wrongIss', async () => {
    const { params } = await redirectFor('wrongIss');
    expect(params.get('iss')).toBe('https://evil.example/');
  });

  it('implicitInjection', async () => {
    const { params } = await redirectFor('implicitInjection');
    expect(params.get('code')).toBeTruthy();
    expect(params.get('access_token')).toBeTruthy();
    expect(params.get('id_token')).toBeTruthy();
  });
});

describe('adversarial discovery', () => {
  const fetchDiscovery = () => fetch(`${idp.authority}/.well-known/openid-configuration`);

  it('wrongIssuer', async () => {
    idp.controls.set({ discovery: 'wrongIssuer' });
    const metadata = (await (await fetchDiscovery()).json()) as { issuer: string };
    expect(metadata.issuer).toMatch(/^https:\/\/evil\.example\//);
  });

  it('httpNonLoopback', async () => {
    idp.controls.set({ discovery: 'httpNonLoopback' });
    const metadata = (await (await fetchDiscovery()).json()) as Record<string, string>;
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      expect(metadata[name]).toMatch(/^http:\/\/idp\.example\.com\//);
    }
  });

  it('tokenOtherOrigin moves only the token endpoint, to the same server as 127.0.0.1', async () => {
    const normal = (await (await fetchDiscovery()).json()) as Record<string, string>;
    expect(normal.revocation_endpoint).toBe(normal.token_endpoint!.replace(/\/token$/, '/revoke'));
    idp.controls.set({ discovery: 'tokenOtherOrigin' });
    const metadata = (await (await fetchDiscovery()).json()) as Record<string, string>;
    expect(metadata.token_endpoint).toBe(normal.token_endpoint!.replace('//localhost:', '//127.0.0.1:'));
    expect({ ...metadata, token_endpoint: normal.token_endpoint }).toEqual(normal);
  });

  it('down', async () => {
    idp.controls.set({ discovery: 'down' });
    expect((await fetchDiscovery()).status).toBe(503);
  });

  it('notJson', async () => {
    idp.controls.set({ discovery: 'notJson' });
    const response = await fetchDiscovery();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('user flows (one tenant: one issuer, one session, one user store)', () => {
  const carol = { email: 'carol@example.com', password: 'carol-demo-pass', name: 'Carol Danvers' };
  const reset = () => startFlow({}, servers.passwordReset);
  const edit = () => startFlow({}, servers.profileEdit);

  it.each([
    ['signIn', POLICY],
    ['passwordReset', PASSWORD_RESET_POLICY],
    ['profileEdit', PROFILE_EDIT_POLICY],
  ] as const)('%s serves discovery under its own policy with the tenant issuer and keys', async (kind, policy) => {
    const prefix = `${idp.origin}/b2cdemo.onmicrosoft.com/${policy}`;
    expect(idp.authorities[kind]).toBe(`${prefix}/v2.0`);
    expect(idp.authorities[kind]).toBe(authorityFor(idp.port, policy));
    const metadata = (await (await fetch(`${prefix}/v2.0/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${prefix}/oauth2/v2.0/authorize`,
      token_endpoint: `${prefix}/oauth2/v2.0/token`,
      end_session_endpoint: `${prefix}/oauth2/v2.0/logout`,
      jwks_uri: `${prefix}/discovery/v2.0/keys`,
    });
    expect(await (await fetch(String(metadata.jwks_uri))).json()).toEqual(jwks);
    // B2C matches policy names case-insensitively.
    const lower = `${idp.origin}/b2cdemo.onmicrosoft.com/${policy.toLowerCase()}/v2.0/.well-known/openid-configuration`;
    expect(((await (await fetch(lower)).json()) as { token_endpoint: string }).token_endpoint).toBe(metadata.token_endpoint);
  });

  it('tfp names the flow that issued the ID and access tokens', async () => {
    const browser = createBrowserSession();
    const signInFlow = await startFlow();
    const signedIn = await complete(signInFlow, await browser.signIn(signInFlow.url, alice));
    expect([signedIn.claims.tfp, signedIn.access.tfp]).toEqual([POLICY, POLICY]);
    const resetFlow = await reset();
    const afterReset = await complete(
      resetFlow,
      await browser.resetPassword(resetFlow.url, { email: alice.email, newPassword: 'alice-new-pass' }),
    );
    expect([afterReset.claims.tfp, afterReset.access.tfp]).toEqual([PASSWORD_RESET_POLICY, PASSWORD_RESET_POLICY]);
    const editFlow = await edit();
    const afterEdit = await complete(editFlow, await browser.editProfile(editFlow.url, { name: 'Alice' }));
    expect([afterEdit.claims.tfp, afterEdit.access.tfp]).toEqual([PROFILE_EDIT_POLICY, PROFILE_EDIT_POLICY]);
    for (const { claims } of [signedIn, afterReset, afterEdit]) expect(claims).toMatchObject({ sub: alice.oid, iss: idp.issuer });
  });

  it('a refresh token of one flow is good at another flow’s token endpoint, whose policy goes in tfp', async () => {
    const { result } = await tokens();
    const refreshed = await oauth.processRefreshTokenResponse(
      servers.passwordReset,
      client,
      await refresh(result.refresh_token!, servers.passwordReset),
    );
    secrets.add(refreshed.refresh_token!);
    expect(decodeJwt(refreshed.id_token!)).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    const back = await oauth.processRefreshTokenResponse(as, client, await refresh(refreshed.refresh_token!));
    expect(decodeJwt(back.id_token!).tfp).toBe(POLICY);
  });

  it('sign-up (on the sign-in page) creates a user who is signed in and can sign in again', async () => {
    const flow = await startFlow();
    const { claims, result } = await complete(flow, await createBrowserSession().signUp(flow.url, carol));
    expect(claims).toMatchObject({ name: carol.name, emails: [carol.email], tfp: POLICY });
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(DEMO_USERS.map((user) => user.oid)).not.toContain(claims.sub);
    expect(claims.oid).toBe(claims.sub);
    expect(result.refresh_token).toEqual(expect.any(String));
    const again = await startFlow();
    const signedIn = await complete(again, await createBrowserSession().signIn(again.url, carol));
    expect(signedIn.claims).toMatchObject({ sub: claims.sub, name: carol.name });
  });

  it('sign-up rejects a taken email and a short password', async () => {
    await expect(
      createBrowserSession().signUp((await startFlow()).url, { ...carol, email: alice.email.toUpperCase() }),
    ).rejects.toThrow(/A user with the specified ID already exists\. Please choose a different one\./);
    await expect(createBrowserSession().signUp((await startFlow()).url, { ...carol, password: 'short' })).rejects.toThrow(
      /between 8 and 64 characters/,
    );
  });

  it('the sign-up form re-renders, escaped, on different passwords and on empty fields', async () => {
    const raw = rawBrowser();
    const { page, html } = await raw.open((await startFlow()).url);
    expect(html).toMatch(/<a id="createAccount" href="[^"]+">Sign up now<\/a>/);
    const signUpPage = new URL(/id="createAccount" href="([^"]+)"/.exec(html)![1]!, page);
    const form = await (await raw.go(signUpPage)).text();
    for (const id of ['email', 'newPassword', 'reenterPassword', 'displayName'])
      expect(form).toMatch(new RegExp(`<input[^>]+id="${id}"`));
    expect(form).toMatch(/<form id="attributeVerification"/);
    expect(form).toMatch(/<button id="continue"[^>]*>Create<\/button>/);
    expect(form).toMatch(/<button id="cancel"/);
    const hostile = '"><script>alert(1)</script>';
    const fields = { email: carol.email, newPassword: carol.password, reenterPassword: 'other-pass-123', displayName: hostile };
    const mismatch = await raw.post(formAction(form, 'attributeVerification'), page, fields);
    const mismatchHtml = await mismatch.text();
    expect(mismatchHtml).toMatch(/<div class="error pageLevel" role="alert"><p>The password entry fields do not match/);
    // Issue 19, item 8: the focus goes to the field that was wrong, the first one on a fresh page.
    const autofocused = (text: string) => [...text.matchAll(/<input[^>]*\bid="(\w+)"[^>]*\sautofocus\b/g)].map(([, id]) => id);
    expect(autofocused(form)).toEqual(['email']);
    expect(autofocused(mismatchHtml)).toEqual(['newPassword']);
    expect(mismatchHtml).not.toContain('<script>alert(1)</script>');
    expect(mismatchHtml).toContain('value="&quot;&gt;&lt;script&gt;');
    expect(mismatch.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const empty = await raw.post(formAction(form, 'attributeVerification'), page, { ...fields, displayName: ' ' });
    expect(await empty.text()).toContain('A required field is missing.');
    await expect(createBrowserSession().signIn((await startFlow()).url, carol)).rejects.toThrow(/find your account/);
  });

  it('password reset changes the password: the old one is rejected, the new one works', async () => {
    const flow = await reset();
    const redirect = await createBrowserSession().resetPassword(flow.url, { email: alice.email, newPassword: 'alice-new-pass' });
    const { claims } = await complete(flow, redirect);
    expect(claims).toMatchObject({ sub: alice.oid, tfp: PASSWORD_RESET_POLICY });
    await expect(createBrowserSession().signIn((await startFlow()).url, alice)).rejects.toThrow(/Your password is incorrect/);
    const user = { email: alice.email, password: 'alice-new-pass' };
    const again = await startFlow();
    expect((await complete(again, await createBrowserSession().signIn(again.url, user))).claims.sub).toBe(alice.oid);
  });

  it('password reset for an unknown email re-renders the page with an error', async () => {
    const raw = rawBrowser();
    const { page, html } = await raw.open((await reset()).url);
    for (const id of ['email', 'newPassword', 'reenterPassword']) expect(html).toMatch(new RegExp(`<input[^>]+id="${id}"`));
    expect(html).toMatch(/<button id="continue"[^>]*>Continue<\/button>/);
    expect(html).not.toContain('id="displayName"');
    const fields = { email: 'nobody@example.com', newPassword: 'whatever-123', reenterPassword: 'whatever-123' };
    const rejected = await raw.post(formAction(html, 'attributeVerification'), page, fields);
    expect(rejected.status).toBe(200);
    expect(await rejected.text()).toContain('We can&#39;t seem to find your account.');
    await expect(
      createBrowserSession().resetPassword((await reset()).url, { email: bob.email, newPassword: 'short' }),
    ).rejects.toThrow(/between 8 and 64/);
  });

  it('profile edit changes the name in later tokens, including refreshed ones', async () => {
    const { result, browser } = await tokens();
    const flow = await edit();
    const edited = await complete(flow, await browser.editProfile(flow.url, { name: 'Alice Pleasance' }));
    expect(edited.claims).toMatchObject({ sub: alice.oid, name: 'Alice Pleasance', tfp: PROFILE_EDIT_POLICY });
    const body = (await (await refresh(result.refresh_token!)).json()) as { id_token: string; access_token: string };
    expect(decodeJwt(body.id_token)).toMatchObject({ name: 'Alice Pleasance', tfp: POLICY });
    expect(decodeJwt(body.access_token)).toMatchObject({ name: 'Alice Pleasance' });
    expect(oauth.getValidatedIdTokenClaims((await tokens()).result)!.name).toBe('Alice Pleasance');
  });

  it('profile edit without a session asks for credentials first, then shows the edit form', async () => {
    await expect(createBrowserSession().editProfile((await edit()).url, { name: 'X' })).rejects.toThrow(
      /asked to sign in first.*no credentials/,
    );
    await expect(
      createBrowserSession().editProfile((await edit()).url, { name: 'X' }, { email: bob.email, password: 'wrong' }),
    ).rejects.toThrow(/Your password is incorrect/);
    const raw = rawBrowser();
    const { page, html } = await raw.open((await edit()).url);
    expect(html).not.toContain('id="createAccount"');
    const signedIn = await raw.post(formAction(html, 'localAccountForm'), page, {
      signInName: bob.email,
      password: bob.password,
    });
    const form = await (await raw.go(new URL(signedIn.headers.get('location')!, page))).text();
    expect(form).toMatch(/<form id="attributeVerification"/);
    expect(form).toMatch(/<input[^>]+id="displayName"[^>]+value="Bob Marley"/);
    expect(form).toMatch(/<button id="continue"[^>]*>Continue<\/button>/);
    const emptied = await raw.post(formAction(form, 'attributeVerification'), page, { displayName: '' });
    expect(await emptied.text()).toMatch(/class="error pageLevel"[\s\S]*A required field is missing/);
    const flow = await edit();
    const { claims } = await complete(flow, await createBrowserSession().editProfile(flow.url, { name: 'Robert' }, bob));
    expect(claims).toMatchObject({ sub: bob.oid, name: 'Robert', tfp: PROFILE_EDIT_POLICY });
  });

  it('reset and edit show their page even with a live session; prompt=none there is interaction_required', async () => {
    const { browser } = await signIn();
    await expect(browser.signIn((await reset()).url)).rejects.toThrow(/password reset page appeared/);
    await expect(browser.signIn((await edit()).url)).rejects.toThrow(/profile edit page appeared/);
    for (const server of [servers.passwordReset, servers.profileEdit]) {
      const redirect = await browser.signIn((await startFlow({ prompt: 'none' }, server)).url);
      expect(redirect.searchParams.get('error')).toBe('interaction_required');
    }
    // The session itself is untouched.
    const silent = await startFlow({ prompt: 'none' });
    expect((await complete(silent, await browser.signIn(silent.url))).claims.sub).toBe(alice.oid);
  });

  it('Cancel on the sign-up, reset and edit pages ends the flow with AADB2C90091 and the state', async () => {
    const expectCancelled = (redirect: URL, flow: Flow) => {
      expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      expect(redirect.searchParams.get('error_description')).toBe(CANCELLED);
      expect(redirect.searchParams.get('state')).toBe(flow.state);
    };
    for (const flow of [await reset(), await edit()]) expectCancelled(await createBrowserSession().cancel(flow.url), flow);
    const { browser } = await signIn();
    const editWithSession = await edit();
    expectCancelled(await browser.cancel(editWithSession.url), editWithSession);
    const raw = rawBrowser();
    const flow = await startFlow();
    const { page, html } = await raw.open(flow.url);
    const signUpPage = new URL(/id="createAccount" href="([^"]+)"/.exec(html)![1]!, page);
    const cancelled = await raw.post(formAction(await (await raw.go(signUpPage)).text(), 'cancelForm'), page, {});
    let location = new URL(cancelled.headers.get('location')!, page);
    while (location.origin === idp.origin) location = new URL((await raw.go(location)).headers.get('location')!, location);
    expectCancelled(location, flow);
  });

  it('prompt=login shows the sign-in form despite a session, and signing in as Bob replaces Alice', async () => {
    const { result, browser } = await tokens(alice);
    await expect(browser.signIn((await startFlow({ prompt: 'login' })).url)).rejects.toThrow(/form appeared/);
    const flow = await startFlow({ prompt: 'login' });
    expect((await complete(flow, await browser.signIn(flow.url, bob))).claims).toMatchObject({ sub: bob.oid, name: bob.name });
    const silent = await startFlow({ prompt: 'none' });
    expect((await complete(silent, await browser.signIn(silent.url))).claims.sub).toBe(bob.oid);
    // The switch ends Alice's session, not her refresh token (offline_access grants outlive a sign-out).
    expect(decodeJwt(((await (await refresh(result.refresh_token!)).json()) as { id_token: string }).id_token).sub).toBe(
      alice.oid,
    );
  });

  it('controls.reset() puts the users back as seeded', async () => {
    await createBrowserSession().signUp((await startFlow()).url, carol);
    await createBrowserSession().resetPassword((await reset()).url, { email: alice.email, newPassword: 'alice-new-pass' });
    await createBrowserSession().editProfile((await edit()).url, { name: 'Robert' }, bob);
    idp.controls.reset();
    await expect(createBrowserSession().signIn((await startFlow()).url, carol)).rejects.toThrow(/find your account/);
    await expect(
      createBrowserSession().signIn((await startFlow()).url, { email: alice.email, password: 'alice-new-pass' }),
    ).rejects.toThrow(/incorrect/);
    expect(oauth.getValidatedIdTokenClaims((await tokens(alice)).result)!.sub).toBe(alice.oid);
    expect(oauth.getValidatedIdTokenClaims((await tokens(bob)).result)!.name).toBe(bob.name);
  });
});

describe('refresh token lifetime', () => {
  it('refreshTokenTtl sets the lifetime of new refresh tokens; rotation keeps what is left', async () => {
    idp.controls.set({ refreshTokenTtl: 120 });
    const { response } = await rawTokenResponse();
    const body = (await response.json()) as { refresh_token: string; refresh_token_expires_in: number };
    secrets.add(body.refresh_token);
    expect(body.refresh_token_expires_in).toBeGreaterThan(115);
    expect(body.refresh_token_expires_in).toBeLessThanOrEqual(120);
    idp.controls.set({ refreshTokenTtl: 3600 });
    const rotated = (await (await refresh(body.refresh_token)).json()) as { refresh_token_expires_in: number };
    expect(rotated.refresh_token_expires_in).toBeLessThanOrEqual(120);
  });

  it('an expired refresh token answers invalid_grant with AADB2C90080', async () => {
    idp.controls.set({ refreshTokenTtl: 1 });
    const { result } = await tokens();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await refresh(result.refresh_token!);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'AADB2C90080: The provided grant has expired. Please re-authenticate and try again.',
    });
    // An unknown refresh token is still a plain invalid_grant.
    const unknown = (await (await refresh('not-a-refresh-token')).json()) as { error_description?: string };
    expect(unknown.error_description).not.toMatch(/AADB2C90080/);
  });
});
