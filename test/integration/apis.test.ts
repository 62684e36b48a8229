// Issue 21, item 2: a token per API from one sign-in, against the real local provider (its second API, item 6).
// The sign-in gets the first API's token; another API's is redeemed with the refresh token and that API's scopes
// with no window; every use of the refresh token waits for the one before, so a rotated one is never presented twice.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokensItem, type StoredTokens } from '../../packages/mv3-signin/src/auth/store';
import { API_APP_ID, API_SCOPE, SECOND_API_APP_ID, SECOND_API_SCOPE } from '../../server/local.ts';
import { harness, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();
const HOUR = 3600 * 1000;
const ORDERS = { name: 'Orders API', url: new URL('http://localhost:1/orders'), scopes: [SECOND_API_SCOPE] };

/** Signed in through the provider's form, with the second API configured after the first. */
async function signedIn(moreApis = [ORDERS]) {
  const h = harness(idp, { moreApis });
  await h.auth.signIn();
  return h;
}

/** Every access token of the session an hour older: all of them due, or past, their refresh. */
async function ageAll(ms: number): Promise<void> {
  const tokens = (await tokensItem.getValue())!;
  const older = <T extends { refreshAt: number; accessTokenExpiresAt: number }>(token: T): T => ({
    ...token,
    refreshAt: token.refreshAt - ms,
    accessTokenExpiresAt: token.accessTokenExpiresAt - ms,
  });
  const apis = Object.fromEntries(Object.entries(tokens.apis ?? {}).map(([name, token]) => [name, older(token)]));
  await tokensItem.setValue({ ...tokens, ...older(tokens), apis } satisfies StoredTokens);
}

describe('a token per API (issue 21)', () => {
  it('the second API’s token comes with no window, for its own audience; the first API’s is untouched', async () => {
    const { auth, launches } = await signedIn();
    const first = await auth.getAccessToken();
    const second = await auth.getAccessToken({ api: 'Orders API' });
    expect(decodeJwt(first)).toMatchObject({ aud: API_APP_ID });
    expect(decodeJwt(second)).toMatchObject({ aud: SECOND_API_APP_ID, scp: 'orders.read' });
    expect(launches.filter((launch) => launch.interactive)).toHaveLength(1);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    // Kept: asked again, no request; the first API's token is still the sign-in's.
    await expect(auth.getAccessToken({ api: 'Orders API' })).resolves.toBe(second);
    await expect(auth.getAccessToken()).resolves.toBe(first);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
  });

  it('with every token expired, both APIs at once (twice each): one refresh each, queued, no refresh token twice', async () => {
    const { auth } = await signedIn();
    await auth.getAccessToken({ api: 'Orders API' });
    await ageAll(HOUR);
    const before = idp.controls.stats().tokenRequests.refresh_token;
    const [a1, b1, a2, b2] = await Promise.all([
      auth.getAccessToken(),
      auth.getAccessToken({ api: 'Orders API' }),
      auth.getAccessToken(),
      auth.getAccessToken({ api: 'Orders API' }),
    ]);
    expect(a1).toBe(a2);
    expect(b1).toBe(b2);
    expect(decodeJwt(a1)).toMatchObject({ aud: API_APP_ID });
    expect(decodeJwt(b1)).toMatchObject({ aud: SECOND_API_APP_ID });
    expect(idp.controls.stats().tokenRequests.refresh_token - before).toBe(2);
    expect(idp.controls.stats().refreshTokenReuse).toBe(0);
  });

  it('an API whose scopes the provider refuses fails alone (token_failed): the session and the other API go on', async () => {
    // B2C's AADB2C90146: one request may not name two APIs' scopes.
    const mixed = { name: 'Mixed', url: new URL('http://localhost:1/mixed'), scopes: [API_SCOPE, SECOND_API_SCOPE] };
    const { auth } = await signedIn([ORDERS, mixed]);
    await expect(auth.getAccessToken({ api: 'Mixed' })).rejects.toMatchObject({
      code: 'token_failed',
      message: expect.stringContaining('AADB2C90146') as unknown,
    });
    expect(await tokensItem.getValue()).not.toBeNull();
    expect(decodeJwt(await auth.getAccessToken({ api: 'Orders API' }))).toMatchObject({ aud: SECOND_API_APP_ID });
  });

  it('a name no API has is api_unknown, and asks the provider nothing', async () => {
    const { auth } = await signedIn();
    await expect(auth.getAccessToken({ api: 'Nope' })).rejects.toMatchObject({ code: 'api_unknown' });
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
  });

  it('sign-out leaves no token of either API in storage', async () => {
    const { auth } = await signedIn();
    await auth.getAccessToken({ api: 'Orders API' });
    expect(await storageDump()).toMatch(JWT_PATTERN);
    await auth.signOut();
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });
});
