// Issue 12, item 3: with the provider's JWKS down, every request fetched it again (20 requests, 20 fetches).
// A failed fetch is now remembered: a real loopback JWKS that fails counts the API's fetches.
import { afterEach, describe, expect, it } from 'vitest';
import type { Api } from '../../server/api/index.ts';
import { callApi, createTestKey, mint, sleep, startTestApi, startTestJwks, type TestJwks } from './api-support.ts';

const COOLDOWN_MS = 1_000;
const LIMITS = { keyFailureCooldownMs: COOLDOWN_MS, keyFailureCooldownMaxMs: 4 * COOLDOWN_MS };
const started: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close();
});

async function setUp(mode: TestJwks['mode'], jwksOptions = {}) {
  const key = await createTestKey();
  const jwks = await startTestJwks([key.publicJwk]);
  jwks.mode = mode;
  const api: Api = await startTestApi(jwks, { limits: LIMITS, jwks: jwksOptions });
  started.push(jwks, api);
  return { key, jwks, api };
}

async function statuses(api: Api, tokens: string[]): Promise<number[]> {
  return Promise.all(tokens.map(async (token) => (await callApi(api, token)).status));
}

describe('a provider whose keys are down (issue 12, item 3)', () => {
  it.each(['error', 'drop'] as const)(
    'fetches a failing JWKS (%s) once for 20 requests, and again only after the cooldown',
    async (mode) => {
      const { key, jwks, api } = await setUp(mode);
      const token = await mint(key);
      // Ten at once, then ten one after another.
      expect(await statuses(api, Array(10).fill(token))).toEqual(Array(10).fill(503));
      for (let i = 0; i < 10; i += 1) expect((await callApi(api, token)).status).toBe(503);
      expect(jwks.hits).toBe(1);

      // Back up, but the failure is still remembered: no fetch yet.
      jwks.mode = 'ok';
      const res = await callApi(api, token);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(jwks.hits).toBe(1);

      await sleep(COOLDOWN_MS + 100);
      expect((await callApi(api, token)).status).toBe(200);
      expect(jwks.hits).toBe(2);
    },
  );

  it('doubles the cooldown with each failure in a row', async () => {
    const { key, jwks, api } = await setUp('error');
    const token = await mint(key);
    expect((await callApi(api, token)).status).toBe(503);
    expect(jwks.hits).toBe(1);
    await sleep(COOLDOWN_MS + 200);
    expect((await callApi(api, token)).status).toBe(503); // a second fetch, failing too: 2 s now
    expect(jwks.hits).toBe(2);
    await sleep(COOLDOWN_MS + 200);
    expect((await callApi(api, token)).status).toBe(503);
    expect(jwks.hits).toBe(2);
    jwks.mode = 'ok';
    await sleep(COOLDOWN_MS);
    expect((await callApi(api, token)).status).toBe(200);
    expect(jwks.hits).toBe(3);
  });

  it('keeps serving with the keys it has while a refetch for an unknown kid fails', async () => {
    // cooldownDuration 0: jose would refetch for every unknown kid; the remembered failure still stops it.
    const { key, jwks, api } = await setUp('ok', { cooldownDuration: 0 });
    expect((await callApi(api, await mint(key))).status).toBe(200);
    expect(jwks.hits).toBe(1);
    jwks.mode = 'error';
    const unknownKid = await mint(key, undefined, { kid: 'rotated-in' });
    expect(await statuses(api, Array(20).fill(unknownKid))).toEqual(Array(20).fill(503));
    expect(jwks.hits).toBe(2);
    // A token of the known key (a new one, so it is verified in full) needs no fetch.
    expect((await callApi(api, await mint(key))).status).toBe(200);
    expect(jwks.hits).toBe(2);
  });

  it('remembers a failed discovery the same way', async () => {
    const key = await createTestKey();
    const discovery = await startTestJwks([]);
    discovery.mode = 'error';
    started.push(discovery);
    const api = await startTestApi(discovery, { jwksUri: undefined, authority: discovery.url, limits: LIMITS });
    started.push(api);
    const token = await mint(key);
    expect(await statuses(api, Array(20).fill(token))).toEqual(Array(20).fill(503));
    expect(discovery.hits).toBe(1);
  });
});
