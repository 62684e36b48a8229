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
import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp, type IdpSwitches } from '../../server/idp/index.ts';
import {
  API_APP_ID,
  API_SCOPE,
  CLIENT_ID,
  DEMO_USERS,
  EXTENSION_ORIGIN,
  POLICY,
  REDIRECT_URI,
  TENANT_ID,
} from '../../server/local.ts';
import { createBrowserSession, type BrowserSession } from '../support/idp-driver.ts';

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
let as: oauth.AuthorizationServer;
let jwks: { keys: JWK[] };
const logLines: string[] = [];
const secrets = new Set<string>();

beforeAll(async () => {
  idp = await startIdp({ port: 0, testControls: true, log: (line) => logLines.push(line) });
  as = await discover();
  jwks = (await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] };
});
afterEach(() => idp.controls.reset());
afterAll(async () => {
  await idp?.close();
  // Nothing secret may ever reach the log.
  for (const line of logLines) for (const secret of secrets) expect(line).not.toContain(secret);
});

async function discover(): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(new URL(idp.authority), { algorithm: 'oidc', ...INSECURE });
  return oauth.processDiscoveryResponse(new URL(idp.issuer), response);
}

interface Flow {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

async function startFlow(extra: Record<string, string> = {}): Promise<Flow> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint!);
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
  return { url, verifier, state, nonce };
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
  return oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, flow.verifier, INSECURE);
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

function refresh(refreshToken: string): Promise<Response> {
  return oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, INSECURE);
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
    const flow = await startFlow();
    const cookies: string[] = [];
    const go = async (url: URL | string, init: RequestInit = {}) => {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as object), cookie: cookies.join('; ') },
      });
      for (const line of response.headers.getSetCookie()) cookies.push(line.split(';')[0]!);
      return response;
    };
    const page = new URL((await go(flow.url)).headers.get('location')!, flow.url);
    const form = await (await go(page)).text();
    expect(form).toMatch(/<input[^>]+id="signInName"/);
    expect(form).toMatch(/<input[^>]+id="password"/);
    expect(form).toMatch(/<button id="next"[^>]*>Sign in<\/button>/);
    const action = new URL(/id="localAccountForm"[^>]*action="([^"]+)"/.exec(form)![1]!.replaceAll('&amp;', '&'), page);
    const hostile = '"><script>alert(1)</script>@example.com';
    const rejected = await go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signInName: hostile, password: 'nope' }),
    });
    expect(rejected.status).toBe(200);
    const html = await rejected.text();
    expect(html).toContain('We can&#39;t seem to find your account.');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    await expect(
      createBrowserSession().signIn((await startFlow()).url, { email: alice.email, password: 'wrong' }),
    ).rejects.toThrow(/Your password is incorrect/);
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
    expect(idp.controls.stats().endSessionRequests).toBe(1);
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
