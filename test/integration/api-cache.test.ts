// Issue 12, item 11: verified tokens are kept (by SHA-256), never past exp, emptied when the key set changes;
// the scope and the clock are still checked on every request. `npm run bench:api` measures what it buys.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeySource, createTokenVerifier, type KeySource } from '../../server/api/index.ts';
import { DEFAULT_JWKS } from '../../server/api/limits.ts';
import { API_APP_ID } from '../../server/local.ts';
import {
  callApi,
  createTestKey,
  goodClaims,
  ISSUER,
  mint,
  nowSec,
  sleep,
  startTestApi,
  startTestJwks,
  type TestJwks,
} from './api-support.ts';

const started: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close();
});

async function startJwks(...keys: Awaited<ReturnType<typeof createTestKey>>[]): Promise<TestJwks> {
  const jwks = await startTestJwks(keys.map((key) => key.publicJwk));
  started.push(jwks);
  return jwks;
}

/** The verifier the API uses, with a key source that counts how often a verification needed a key. */
function countingVerifier(jwks: TestJwks, cacheEntries: number, jwksOptions = {}) {
  const keys = createKeySource(
    { jwksUri: new URL(jwks.url) },
    { jwks: { ...DEFAULT_JWKS, ...jwksOptions }, failureCooldownMs: 1000, failureCooldownMaxMs: 1000 },
  );
  let lookups = 0;
  const counted: KeySource = {
    getKey: (header, token) => {
      lookups += 1;
      return keys.getKey(header, token);
    },
    version: () => keys.version(),
  };
  const verify = createTokenVerifier({
    issuer: ISSUER,
    audience: API_APP_ID,
    clockToleranceSec: 0,
    maxTokenAgeSec: 86400,
    keys: counted,
    cacheEntries,
  });
  return { verify, lookups: () => lookups };
}

describe('the verification cache (issue 12, item 11)', () => {
  it('answers a repeated token from the cache with the same result', async () => {
    const key = await createTestKey();
    const { verify, lookups } = countingVerifier(await startJwks(key), 100);
    const token = await mint(key);
    const first = await verify(token);
    expect(first).toMatchObject({ subject: goodClaims().sub, scopes: ['demo.read'] });
    const kept = await verify(token);
    const again = await Promise.all(Array.from({ length: 5 }, () => verify(token)));
    // Two full verifications: the first loaded the key set (and is not kept: no key set was known when it
    // began), the second was kept; the key is never looked up again.
    expect(lookups()).toBe(2);
    expect(kept).toEqual(first);
    for (const caller of again) expect(caller).toBe(kept);
    expect(Object.isFrozen(first) && Object.isFrozen(first.scopes)).toBe(true);
  });

  it('refuses a token cached earlier once its exp has passed', async () => {
    const key = await createTestKey();
    const jwks = await startJwks(key);
    const api = await startTestApi(jwks, { clockToleranceSec: 0 });
    started.push(api);
    const now = nowSec();
    const token = await mint(key, goodClaims({ iat: now, nbf: now, exp: now + 2 }));
    expect((await callApi(api, token)).status).toBe(200);
    expect((await callApi(api, token)).status).toBe(200);
    await sleep((now + 2 - Date.now() / 1000) * 1000 + 100);
    const res = await callApi(api, token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('The access token has expired');
  });

  it('still checks the scope on a hit', async () => {
    const key = await createTestKey();
    const jwks = await startJwks(key);
    const strict = await startTestApi(jwks, { requiredScope: 'demo.write' });
    started.push(strict);
    const token = await mint(key);
    for (let i = 0; i < 3; i += 1) expect((await callApi(strict, token)).status).toBe(403);
  });

  it('is emptied when the key set changes: a token of a key that is gone is refused', async () => {
    const [oldKey, newKey] = [await createTestKey('old-key'), await createTestKey('new-key')];
    const jwks = await startJwks(oldKey);
    // cooldownDuration 0: the new key's first token refetches the JWKS at once.
    const { verify } = countingVerifier(jwks, 100, { cooldownDuration: 0 });
    const oldToken = await mint(oldKey);
    await verify(oldToken);
    await verify(oldToken);
    jwks.keys = [newKey.publicJwk];
    await expect(verify(await mint(newKey))).resolves.toMatchObject({ subject: goodClaims().sub });
    expect(jwks.hits).toBe(2);
    await expect(verify(oldToken)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('keeps at most cacheEntries results: a cycle through more tokens than that never hits', async () => {
    const key = await createTestKey();
    const { verify, lookups } = countingVerifier(await startJwks(key), 3);
    const tokens = await Promise.all([1, 2, 3, 4].map((i) => mint(key, goodClaims({ jti: `t${i}` }))));
    for (let round = 0; round < 3; round += 1) for (const token of tokens) await verify(token);
    // Every verification looked the key up.
    expect(lookups()).toBe(12);
    // Three fit: after the first round (whose first token loaded the key set and was not kept), all hit.
    const fitting = countingVerifier(await startJwks(key), 3);
    for (let round = 0; round < 3; round += 1) for (const token of tokens.slice(0, 3)) await fitting.verify(token);
    expect(fitting.lookups()).toBe(3 + 1);
  });
});
