// Issue 12, item 11: verified tokens are kept (by SHA-256), never past exp, emptied when the key set changes;
// the scope and the clock are still checked on every request. `npm run bench:api` measures what it buys.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeySource, createTokenVerifier, type KeySource } from '../../server/api/index.ts';
import { DEFAULT_JWKS } from '../../server/api/limits.ts';
import { API_APP_ID } from '../../server/local.ts';
import {
  base64url,
  callApi,
  createTestKey,
  goodClaims,
  ISSUER,
  mint,
  nowSec,
  signatureSpellings,
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

/** The verifier the API uses, counting how often a verification needed a key; `keys` is its key source, uncounted. */
function countingVerifier(jwks: TestJwks, cacheEntries: number, jwksOptions = {}) {
  const keys = createKeySource(
    { jwksUri: new URL(jwks.url) },
    { jwks: { ...DEFAULT_JWKS, ...jwksOptions }, failureCooldownMs: 1000, failureCooldownMaxMs: 1000 },
  );
  let lookups = 0;
  const counted: KeySource = {
    keyFor: (token) => {
      lookups += 1;
      return keys.keyFor(token);
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
  return { verify, keys, lookups: () => lookups };
}

/** `token` with its protected header replaced by `header` (so its signature no longer fits). */
function withHeader(token: string, header: object): string {
  const [, payload, signature] = token.split('.');
  return `${base64url(header)}.${payload}.${signature}`;
}

describe('the verification cache (issue 12, item 11)', () => {
  it('answers a repeated token from the cache with the same result', async () => {
    const key = await createTestKey();
    const { verify, lookups } = countingVerifier(await startJwks(key), 100);
    const token = await mint(key);
    const first = await verify(token);
    expect(first).toMatchObject({ subject: goodClaims().sub, scopes: ['demo.read'] });
    await verify(token);
    const kept = await verify(token);
    const again = await Promise.all(Array.from({ length: 5 }, () => verify(token)));
    // Three full verifications: the first loaded the key set (no key set was known when it began), the
    // second was the first under it (noted by the doorkeeper), the third was kept; none after.
    expect(lookups()).toBe(3);
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
    // Kept by the third (see the first test), answered from the cache by the fourth.
    for (let i = 0; i < 4; i += 1) expect((await callApi(api, token)).status).toBe(200);
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
    for (let i = 0; i < 5; i += 1) expect((await callApi(strict, token)).status).toBe(403);
  });

  it('is emptied when the key set changes: a token of a key that is gone is refused', async () => {
    const [oldKey, newKey] = [await createTestKey('old-key'), await createTestKey('new-key')];
    const jwks = await startJwks(oldKey);
    // cooldownDuration 0: the new key's first token refetches the JWKS at once.
    const { verify, lookups } = countingVerifier(jwks, 100, { cooldownDuration: 0 });
    const oldToken = await mint(oldKey);
    for (let i = 0; i < 4; i += 1) await verify(oldToken);
    expect(lookups()).toBe(3);
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
    // Three fit. Round 1 loads the key set and notes the other two; round 2 keeps those two and notes the
    // first; round 3 keeps it; round 4 is all hits.
    const fitting = countingVerifier(await startJwks(key), 3);
    const perRound: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const before = fitting.lookups();
      for (const token of tokens.slice(0, 3)) await fitting.verify(token);
      perRound.push(fitting.lookups() - before);
    }
    expect(perRound).toEqual([3, 3, 1, 0]);
  });
});

// Issue 18: each spelling of one signature used to verify and take a cache entry of its own.
describe('canonical base64url before the cache (issue 18)', () => {
  it('refuses the 15 other spellings of a cached token before the cache: they never push it out', async () => {
    const key = await createTestKey();
    // One entry: any other spelling kept would push the canonical token out.
    const { verify, lookups } = countingVerifier(await startJwks(key), 1);
    const [canonical, ...others] = signatureSpellings(await mint(key));
    for (let i = 0; i < 3; i += 1) await verify(canonical!);
    expect(lookups()).toBe(3);
    for (const token of others) {
      for (let i = 0; i < 3; i += 1) await expect(verify(token)).rejects.toMatchObject({ code: 'ERR_JWS_INVALID' });
    }
    // Not one of them needed a key, and the canonical token is still the entry: no key needed for it either.
    expect(lookups()).toBe(3);
    await expect(verify(canonical!)).resolves.toMatchObject({ subject: goodClaims().sub });
    expect(lookups()).toBe(3);
  });
});

describe("the key source's keyFor", () => {
  it('hands jose the key itself for a protected header verified before, and the resolver for a new one', async () => {
    const [first, second] = [await createTestKey('first-key'), await createTestKey('second-key')];
    const { verify, keys } = countingVerifier(await startJwks(first, second), 0);
    const [a1, a2, b1] = [await mint(first), await mint(first, goodClaims({ jti: 'a2' })), await mint(second)];
    expect(typeof keys.keyFor(a1)).toBe('function');
    // The first verification loads the key set, so its pick is not remembered (the set changed meanwhile).
    await verify(a1);
    expect(typeof keys.keyFor(a2)).toBe('function');
    await verify(a1);
    // Another token with the same header gets the key verification used, a token of the other kid does not.
    const inHand = keys.keyFor(a2);
    expect(inHand).toBeInstanceOf(CryptoKey);
    expect(typeof keys.keyFor(b1)).toBe('function');
    await verify(b1);
    expect(keys.keyFor(b1)).toBeInstanceOf(CryptoKey);
    expect(keys.keyFor(b1)).not.toBe(inHand);
    // A forged header naming the first kid but another alg is not the header seen: the resolver decides.
    expect(typeof keys.keyFor(withHeader(a1, { alg: 'PS256', kid: 'first-key' }))).toBe('function');
  });

  it('remembers at most 64 headers, dropping the oldest: junk headers cannot keep a real one out', async () => {
    const key = await createTestKey('only-key');
    const { verify, keys } = countingVerifier(await startJwks(key), 0);
    const token = await mint(key);
    for (let i = 0; i < 2; i += 1) await verify(token);
    expect(keys.keyFor(token)).toBeInstanceOf(CryptoKey);
    // Headers that pick the key but sign nothing: each is refused, yet its pick is remembered.
    for (let i = 0; i < 64; i += 1) {
      await expect(verify(withHeader(token, { alg: 'RS256', kid: 'only-key', junk: i }))).rejects.toMatchObject({
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      });
    }
    expect(typeof keys.keyFor(token)).toBe('function');
    await verify(token);
    expect(keys.keyFor(token)).toBeInstanceOf(CryptoKey);
  });
});
