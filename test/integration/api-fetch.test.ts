// Issue 21, item 4: client.fetch(api, path) from an extension page, through the background's service created in Node
// (the browser double), against the real local provider and the real reference API: every status is answered with
// the safe headers and the body as text; a path outside the API's URL never reaches it; no reply carries a token.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { SAFE_HEADERS } from '../../packages/mv3-signin/src/service/api';
import { startApi } from '../../server/api/index.ts';
import { API_APP_ID, API_SCOPE } from '../../server/local.ts';
import { ALICE } from '../support/idp-client';
import { HOSTILE_PATH_CASES } from '../support/hostile-cases';
import { assertNoTokenIn, HELLO, sessionSecrets, useFetchSystem } from './fetch-support';

const system = useFetchSystem();

/** The API's log lines from `from` on, parsed. */
const logSince = (from: number) => system.apiLog.slice(from).map((line) => JSON.parse(line) as { path: string; status: number });

describe('client.fetch from an extension page (issue 21)', () => {
  it('GETs the path under the API’s URL with the API’s own token: the status, the safe headers, the body as text', async () => {
    const { client, double } = await system.signedIn();
    const from = system.apiLog.length;
    const response = await client.fetch(HELLO, '/hello?greeting=1');
    expect(response).toMatchObject({ api: HELLO, status: 200, truncated: false });
    expect(JSON.parse(response.body)).toMatchObject({ name: ALICE.name, subject: ALICE.oid });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(response.headers).every((name) => (SAFE_HEADERS as readonly string[]).includes(name))).toBe(true);
    expect(logSince(from)).toEqual([expect.objectContaining({ path: '/hello', status: 200, sub: ALICE.oid })]);
    assertNoTokenIn(double.replies, await sessionSecrets());
  });

  it('answers every status, e.g. the API’s 404 for a path it does not serve, as it came', async () => {
    const { client } = await system.signedIn();
    const response = await client.fetch(HELLO, '/hello/nothing-here');
    expect(response).toMatchObject({ status: 404, truncated: false });
    expect(JSON.parse(response.body)).toEqual({ error: 'not_found' });
  });

  it('refreshes once and tries again on a 401: the API saw the refused token, then a fresh one', async () => {
    const { client } = await system.signedIn();
    const tokens = (await tokensItem.getValue())!;
    // A token the API refuses (its signature broken) that the extension still takes for valid.
    await tokensItem.setValue({
      ...tokens,
      accessToken: `${tokens.accessToken.slice(0, tokens.accessToken.lastIndexOf('.'))}.AAAA`,
    });
    const refreshes = system.idp.controls.stats().tokenRequests.refresh_token;
    const from = system.apiLog.length;
    await expect(client.fetch(HELLO, '/hello')).resolves.toMatchObject({ status: 200 });
    expect(logSince(from).map(({ status }) => status)).toEqual([401, 200]);
    expect(system.idp.controls.stats().tokenRequests.refresh_token - refreshes).toBe(1);
    expect(decodeJwt((await tokensItem.getValue())!.accessToken)).toMatchObject({ aud: API_APP_ID });
  });

  it('answers a second 401 as it came: one refresh, two calls, no loop', async () => {
    // A second instance of the reference API that trusts another audience: it refuses every token.
    const refusing = await startApi({
      port: 0,
      issuer: system.idp.issuer,
      audience: 'another-api',
      authority: system.idp.authority,
      log: () => {},
    });
    try {
      const apis = [
        { name: HELLO, url: system.api.url, scopes: API_SCOPE },
        { name: 'Refusing', url: refusing.url, scopes: API_SCOPE },
      ];
      const { client } = await system.signedIn({ apis });
      await client.fetch('Refusing', '/hello');
      const refreshes = system.idp.controls.stats().tokenRequests.refresh_token;
      const response = await client.fetch('Refusing', '/hello');
      expect(response).toMatchObject({ api: 'Refusing', status: 401 });
      expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_token' });
      expect(system.idp.controls.stats().tokenRequests.refresh_token - refreshes).toBe(1);
    } finally {
      await refusing.close();
    }
  });

  it.each(HOSTILE_PATH_CASES.map((c) => [c.name, c.path] as const))(
    'refuses the path %s with api_path_refused: nothing reaches the API, no token is looked at',
    async (_name, path) => {
      const { client, double } = await system.signedIn();
      const from = system.apiLog.length;
      const refreshes = system.idp.controls.stats().tokenRequests.refresh_token;
      await expect(client.fetch(HELLO, path)).rejects.toMatchObject({ code: 'api_path_refused' });
      expect(system.apiLog.length).toBe(from);
      expect(system.idp.controls.stats().tokenRequests.refresh_token).toBe(refreshes);
      assertNoTokenIn(double.replies, await sessionSecrets());
    },
  );

  it('refuses a name no API has (api_unknown) and a message that is not { api, path } (bad_request)', async () => {
    const { client, double } = await system.signedIn();
    const from = system.apiLog.length;
    await expect(client.fetch('Nope', '/hello')).rejects.toMatchObject({ code: 'api_unknown' });
    await expect(client.fetch(HELLO, 42 as unknown as string)).rejects.toMatchObject({ code: 'bad_request' });
    const sent = await double.api.runtime.sendMessage({
      type: 'apiFetch',
      value: { api: HELLO, path: '/hello', url: 'https://evil.example/' },
    });
    expect(sent).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // A handler that fails before its first await is answered too (it once left the page with no_answer).
    const named = await double.api.runtime.sendMessage({ type: 'callNamedApi', value: 42 });
    expect(named).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(system.apiLog.length).toBe(from);
  });

  it('cuts the body at Limits.maxApiBodyBytes and says so', async () => {
    const { client } = await system.signedIn({ limits: { maxApiBodyBytes: 12 } });
    const response = await client.fetch(HELLO, '/hello');
    expect(response).toMatchObject({ status: 200, truncated: true });
    expect(response.body).toHaveLength(12);
    expect(response.body).toBe('{"name":"Ali');
  });

  it('needs a session: not_signed_in, and nothing reaches the API', async () => {
    const { client } = system.start();
    const from = system.apiLog.length;
    await expect(client.fetch(HELLO, '/hello')).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(system.apiLog.length).toBe(from);
  });
});
