import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api, type ApiOptions } from '../../server/api/index.ts';
import { startIdp, type Idp } from '../../server/idp/index.ts';
import {
  API_APP_ID,
  API_SCOPE_NAME,
  CLIENT_ID,
  DEMO_USERS,
  EXTENSION_ORIGIN,
  authorityFor,
  issuerFor,
} from '../../server/local.ts';
import { getTokens, mintToken, type IssuedTokens } from '../support/tokens.ts';
import { base64url, signatureSpellings, goodClaims as validClaims } from './api-support.ts';

const KID = 'api-test-key';
const alice = DEMO_USERS[0]!;

let privateJwk: JWK;
let publicPem: string;
let idp: Idp;
let api: Api;
let real: IssuedTokens;
const logLines: string[] = [];
// Every token this file sends, to prove none of them reaches a log line.
const sentTokens = new Set<string>();

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  privateJwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
  publicPem = await exportSPKI(publicKey);
  idp = await startIdp({ port: 0, keys: [privateJwk] });
  api = await startTestApi({ log: (line) => logLines.push(line) });
  real = await getTokens(idp);
  sentTokens.add(real.accessToken).add(real.idToken);
});

afterAll(async () => {
  await api?.close();
  await idp?.close();
});

function startTestApi(overrides: Partial<ApiOptions> = {}): Promise<Api> {
  return startApi({ port: 0, issuer: idp.issuer, audience: API_APP_ID, authority: idp.authority, log: () => {}, ...overrides });
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Claims that pass every check; each hostile token changes exactly one thing. */
function goodClaims(overrides: JWTPayload = {}, issuer = idp.issuer): JWTPayload {
  return validClaims(overrides, issuer);
}

function without(claims: JWTPayload, name: string): JWTPayload {
  const { [name]: _removed, ...rest } = claims;
  return rest;
}

async function mint(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  return mintToken(privateJwk, claims, header);
}

function call(
  token?: string,
  init: { url?: string; scheme?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  if (token !== undefined) {
    sentTokens.add(token);
    headers.authorization = `${init.scheme ?? 'Bearer'} ${token}`;
  }
  return fetch(init.url ?? api.url, { method: init.method ?? 'GET', headers });
}

async function expectInvalidToken(res: Response, reason?: string): Promise<void> {
  expect(res.status).toBe(401);
  // The reason code in the log line proves which check caught the token, not merely that one did.
  if (reason !== undefined) expect(JSON.parse(logLines.at(-1) ?? '{}')).toMatchObject({ status: 401, reason });
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
  expect(await res.json()).toMatchObject({ error: 'invalid_token' });
}

describe('GET /hello', () => {
  it('answers 200 with name, subject and scopes for a real access token from the code flow', async () => {
    const res = await call(real.accessToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ name: alice.name, subject: expect.any(String), scopes: expect.arrayContaining([API_SCOPE_NAME]) });
    expect(body.subject).toBe(alice.oid);
  });

  it('accepts a token minted with the provider key and good claims (control for the hostile tokens)', async () => {
    const res = await call(await mint(goodClaims()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: alice.name, subject: alice.oid, scopes: [API_SCOPE_NAME] });
  });

  it('accepts the scheme in lowercase (bearer)', async () => {
    expect((await call(real.accessToken, { scheme: 'bearer' })).status).toBe(200);
  });

  it('rejects alg none', async () => {
    await expectInvalidToken(await call(new UnsecuredJWT(goodClaims()).encode()), 'alg_not_allowed');
  });

  it('rejects HS256 signed with the RSA public key as the HMAC secret', async () => {
    const token = await new SignJWT(goodClaims())
      .setProtectedHeader({ alg: 'HS256', kid: KID })
      .sign(new TextEncoder().encode(publicPem));
    await expectInvalidToken(await call(token), 'alg_not_allowed');
  });

  it('rejects an expired token (beyond the clock tolerance)', async () => {
    const now = nowSec();
    await expectInvalidToken(
      await call(await mint(goodClaims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }))),
      'token_expired',
    );
  });

  it('rejects a token without exp', async () => {
    await expectInvalidToken(await call(await mint(without(goodClaims(), 'exp'))), 'claim_exp_missing');
  });

  // Issue 12, item 4: token age (these need the provider's key, which mint() uses).
  it('rejects an iat a year in the future', async () => {
    const now = nowSec();
    await expectInvalidToken(
      await call(await mint(goodClaims({ iat: now + 365 * 86400, exp: now + 366 * 86400 }))),
      'claim_iat_invalid',
    );
  });

  it('rejects a token older than the maximum age (default 24 h) as expired', async () => {
    const now = nowSec();
    await expectInvalidToken(
      await call(await mint(goodClaims({ iat: now - 2 * 86400, nbf: now - 2 * 86400, exp: now + 600 }))),
      'token_expired',
    );
  });

  it('rejects a token that lives 100 years', async () => {
    await expectInvalidToken(await call(await mint(goodClaims({ exp: nowSec() + 100 * 365 * 86400 }))), 'claim_exp_invalid');
  });

  it('accepts an iat within the clock tolerance ahead', async () => {
    expect((await call(await mint(goodClaims({ iat: nowSec() + 10 })))).status).toBe(200);
  });

  it('rejects a token whose nbf is in the future', async () => {
    await expectInvalidToken(await call(await mint(goodClaims({ nbf: nowSec() + 3600 }))), 'claim_nbf_invalid');
  });

  it('rejects the wrong audience', async () => {
    await expectInvalidToken(await call(await mint(goodClaims({ aud: CLIENT_ID }))), 'claim_aud_invalid');
  });

  it('rejects the wrong issuer', async () => {
    await expectInvalidToken(await call(await mint(goodClaims({ iss: authorityFor(idp.port) }))), 'claim_iss_invalid');
  });

  it('rejects an ID token presented as an access token', async () => {
    await expectInvalidToken(await call(real.idToken), 'claim_aud_invalid');
  });

  it('rejects malformed compact JWTs', async () => {
    const [header, payload, signature] = (await mint(goodClaims())).split('.');
    const malformed = [
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.${signature}`,
      `${header!.slice(0, 10)}*%*${header!.slice(10)}.${payload}.${signature}`,
      `${base64url('not json')}.${payload}.${signature}`,
    ];
    for (const token of malformed) await expectInvalidToken(await call(token), 'token_malformed');
  });

  it('answers 431 to a 20 KB Authorization header', async () => {
    const res = await call('a'.repeat(20 * 1024));
    expect(res.status).toBe(431);
  });

  it('ignores ?access_token= and answers 401 without an error code', async () => {
    const url = new URL(api.url);
    url.searchParams.set('access_token', real.accessToken);
    const res = await call(undefined, { url: url.href });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 401 with a bare Bearer challenge when there is no Authorization header', async () => {
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('answers 403 insufficient_scope for a valid token without the scope', async () => {
    const res = await call(await mint(goodClaims({ scp: 'demo.write other.scope' })));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${API_SCOPE_NAME}"`);
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    expect((await call(real.accessToken, { url: `${api.origin}/nope` })).status).toBe(404);
    const res = await call(real.accessToken, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, OPTIONS');
  });
});

// Issue 18: RFC 9068's scope claim is read beside B2C's scp, and a token has one base64url spelling.
describe('scope claims (issue 18)', () => {
  const withScopes = (scopes: { scp?: string; scope?: string }) => mint({ ...without(goodClaims(), 'scp'), ...scopes });

  it('accepts the scope in RFC 9068 `scope` alone (a third-party provider’s token)', async () => {
    const res = await call(await withScopes({ scope: `openid ${API_SCOPE_NAME}` }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ scopes: ['openid', API_SCOPE_NAME] });
  });

  it('accepts the scope in B2C’s `scp` alone', async () => {
    const res = await call(await withScopes({ scp: API_SCOPE_NAME }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ scopes: [API_SCOPE_NAME] });
  });

  it('answers 403 insufficient_scope when neither claim holds the scope', async () => {
    for (const scopes of [{}, { scope: 'demo.write' }, { scp: 'demo.write', scope: 'other.scope demo.readonly' }]) {
      const res = await call(await withScopes(scopes));
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${API_SCOPE_NAME}"`);
    }
  });

  it('takes the union when both are present: scp first, then what scope adds', async () => {
    const res = await call(await withScopes({ scp: 'demo.write', scope: `${API_SCOPE_NAME} demo.write` }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ scopes: ['demo.write', API_SCOPE_NAME] });
  });

  it('rejects a `scope` that is not a string', async () => {
    await expectInvalidToken(await call(await mint(goodClaims({ scope: [API_SCOPE_NAME] }))), 'claim_scope_invalid');
  });
});

describe('canonical base64url (issue 18)', () => {
  it('accepts exactly one of the 16 spellings of a signature; the other 15 are malformed', async () => {
    const spellings = signatureSpellings(await mint(goodClaims()));
    expect(new Set(spellings).size).toBe(16);
    const [canonical, ...others] = spellings;
    for (const token of others) await expectInvalidToken(await call(token), 'token_malformed');
    expect((await call(canonical)).status).toBe(200);
  });

  it('rejects padding on a segment', async () => {
    const token = await mint(goodClaims());
    await expectInvalidToken(await call(`${token}==`), 'token_malformed');
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(api.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('answers a preflight from the extension origin', async () => {
    const res = await preflight(EXTENSION_ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization');
    expect(res.headers.get('access-control-max-age')).toMatch(/^\d+$/);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('gives another origin no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBeLessThan(500);
    const corsNames: string[] = [];
    res.headers.forEach((_value, name) => name.startsWith('access-control-') && corsNames.push(name));
    expect(corsNames).toEqual([]);
    const get = await call(real.accessToken, { headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes WWW-Authenticate to the extension origin', async () => {
    const res = await call(undefined, { headers: { origin: EXTENSION_ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
  });
});

describe('signing keys', () => {
  // A failed key fetch is remembered this long (api-key-failures.test.ts counts the fetches).
  const SHORT_KEY_COOLDOWN = { keyFailureCooldownMs: 200, keyFailureCooldownMaxMs: 200 };
  const pastKeyCooldown = () => new Promise((resolve) => setTimeout(resolve, SHORT_KEY_COOLDOWN.keyFailureCooldownMs + 50));

  it('refetches the JWKS once for an unknown kid, then answers 401', async () => {
    const mirror = await startJwksMirror(await jwksUriOf(idp));
    const cooldownMs = 200;
    const mirrored = await startTestApi({ jwksUri: mirror.url, jwks: { cooldownDuration: cooldownMs } });
    try {
      expect((await call(real.accessToken, { url: mirrored.url })).status).toBe(200);
      expect(mirror.count).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
      const unknownKid = await mint(goodClaims(), { kid: 'rotated-away' });
      await expectInvalidToken(await call(unknownKid, { url: mirrored.url }));
      expect(mirror.count).toBe(2);
      // Within the cooldown a second unknown kid does not make the API hammer the provider.
      await expectInvalidToken(await call(unknownKid, { url: mirrored.url }));
      expect(mirror.count).toBe(2);
    } finally {
      await mirrored.close();
      await mirror.close();
    }
  });

  it('fails closed while discovery is down and recovers once the provider is up', async () => {
    const port = await freePort();
    const lonely = await startTestApi({ issuer: issuerFor(port), authority: authorityFor(port), limits: SHORT_KEY_COOLDOWN });
    try {
      const token = await mint(goodClaims({}, issuerFor(port)));
      const down = await call(token, { url: lonely.url });
      expect(down.status).toBe(503);
      // A bad token is still the caller's fault, provider or not.
      await expectInvalidToken(await call(new UnsecuredJWT(goodClaims({}, issuerFor(port))).encode(), { url: lonely.url }));
      const late = await startIdp({ port, keys: [privateJwk] });
      try {
        await pastKeyCooldown();
        expect((await call(token, { url: lonely.url })).status).toBe(200);
      } finally {
        await late.close();
      }
    } finally {
      await lonely.close();
    }
  });

  it('fails closed while the JWKS is unreachable and recovers once it is back', async () => {
    const upstream = await jwksUriOf(idp);
    const port = await freePort();
    const mirrored = await startTestApi({ jwksUri: `http://localhost:${port}/keys`, limits: SHORT_KEY_COOLDOWN });
    try {
      expect((await call(real.accessToken, { url: mirrored.url })).status).toBe(503);
      const mirror = await startJwksMirror(upstream, port);
      try {
        await pastKeyCooldown();
        expect((await call(real.accessToken, { url: mirrored.url })).status).toBe(200);
      } finally {
        await mirror.close();
      }
    } finally {
      await mirrored.close();
    }
  });
});

describe('request log', () => {
  it('writes exactly one line per request and never a token or query string', async () => {
    const lines: string[] = [];
    const logged = await startTestApi({ log: (line) => lines.push(line) });
    try {
      const withQuery = new URL(logged.url);
      withQuery.searchParams.set('access_token', real.accessToken);
      // Another first letter of the signature: still canonical base64url (issue 18), but not the signature.
      const signature = real.accessToken.slice(real.accessToken.lastIndexOf('.') + 1);
      const forged = `${real.accessToken.slice(0, -signature.length)}${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      const requests = [
        () => call(real.accessToken, { url: logged.url }),
        () => call(forged, { url: logged.url }),
        () => call(undefined, { url: withQuery.href }),
        () => call(real.idToken, { url: `${logged.origin}/${real.accessToken}` }),
        () => call('a'.repeat(20 * 1024), { url: logged.url }),
        () => call(real.accessToken, { url: logged.url, method: 'DELETE' }),
      ];
      for (const send of requests) await send();
      expect(lines).toHaveLength(requests.length);
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries[0]).toMatchObject({ method: 'GET', path: '/hello', status: 200, sub: alice.oid });
      expect(entries[1]).toMatchObject({ status: 401, reason: 'signature_invalid' });
      expect(entries[2]).toMatchObject({ path: '/hello', status: 401, reason: 'token_missing' });
      expect(entries[4]).toMatchObject({ status: 431 });
      for (const entry of entries)
        expect(Object.keys(entry)).toEqual(expect.arrayContaining(['time', 'method', 'path', 'status', 'durationMs']));
      expectNoSecrets(lines);
    } finally {
      await logged.close();
    }
  });

  it('kept every line of the shared API free of tokens', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expectNoSecrets(logLines);
  });
});

function expectNoSecrets(lines: string[]): void {
  const text = lines.join('\n');
  expect(text).not.toMatch(/access_token|bearer|authorization/i);
  for (const token of sentTokens) {
    // The signature is the part that makes a token usable; no line may hold it, nor the whole token.
    expect(text).not.toContain(token.split('.')[2] || token);
  }
}

async function jwksUriOf(provider: Idp): Promise<string> {
  const metadata = (await (await fetch(`${provider.authority}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  return metadata.jwks_uri;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A loopback JWKS that forwards to the provider's and counts how often the API asked. */
async function startJwksMirror(upstream: string, port = 0) {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    void fetch(upstream).then(async (answer) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${bound}/keys`,
    get count() {
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
