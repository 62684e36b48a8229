import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApiWithRetry } from '../../packages/mv3-signin/src/service/api';
import { REFRESH_ALARM } from '../../packages/mv3-signin/src/auth/schedule';
import { userMessage } from '../../packages/mv3-signin/src/core/errors';
import {
  hadSessionItem,
  noticeItem,
  profileItem,
  refreshFailuresItem,
  tokensItem,
} from '../../packages/mv3-signin/src/auth/store';
import { age, ALICE, harness, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();
const HOUR = 3600 * 1000;

async function signedIn(options: Parameters<typeof harness>[1] = {}) {
  const h = harness(idp, options);
  await h.auth.signIn();
  return h;
}

describe('refresh (issue 4)', () => {
  it('refreshes after expiry with the rotated refresh token, and schedules the next refresh', async () => {
    idp.controls.set({ accessTokenTtl: 2 });
    const { auth } = await signedIn();
    const before = (await tokensItem.getValue())!;
    expect(before.accessTokenExpiresAt - Date.now()).toBeLessThanOrEqual(2000);
    await new Promise((resolve) => setTimeout(resolve, before.accessTokenExpiresAt - Date.now() + 100));

    const token = await auth.getAccessToken();
    const after = (await tokensItem.getValue())!;
    expect(token).not.toBe(before.accessToken);
    expect(token).toBe(after.accessToken);
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(
      Math.max(after.refreshAt, (await fakeBrowser.alarms.get(REFRESH_ALARM))!.scheduledTime),
    );
  });

  it('does not refresh a token far from expiry', async () => {
    const { auth } = await signedIn();
    const stored = (await tokensItem.getValue())!;
    await expect(auth.getAccessToken()).resolves.toBe(stored.accessToken);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe(stored.refreshAt);
  });

  it('5 concurrent calls at expiry make exactly 1 refresh grant, with no refresh-token reuse', async () => {
    const { auth } = await signedIn();
    await age(HOUR);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    expect(idp.controls.stats().refreshTokenReuse).toBe(0);
    // And the next refresh uses the rotated token: still no reuse.
    await age(HOUR);
    await auth.getAccessToken();
    expect(idp.controls.stats()).toMatchObject({ tokenRequests: { refresh_token: 2 }, refreshTokenReuse: 0 });
  });

  it('the refresh alarm refreshes ahead of time', async () => {
    const { auth } = await signedIn();
    const before = (await tokensItem.getValue())!;
    await auth.handleAlarm(REFRESH_ALARM);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0); // not due yet
    await age(before.refreshAt - Date.now() + 1000); // past the refresh point, not expired
    await auth.handleAlarm(REFRESH_ALARM);
    const after = (await tokensItem.getValue())!;
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 3000 * 1000);
  });

  it('invalid_grant (revoked) with no provider session left signs out cleanly: "Your session ended, sign in again"', async () => {
    const { auth } = await signedIn();
    await idp.controls.revokeGrants();
    await idp.controls.endSessions();
    await age(HOUR);
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'session_ended' });
    expect(await auth.getState()).toMatchObject({
      signedIn: false,
      notice: { code: 'session_ended', message: userMessage('session_ended') },
    });
    expect(userMessage('session_ended')).toBe('Your session ended, sign in again.');
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(await fakeBrowser.alarms.get(REFRESH_ALARM)).toBeUndefined();
  });

  it('a 503 on refresh keeps the session: the still-valid token works, a retry is scheduled, and a later call succeeds', async () => {
    const { auth } = await signedIn();
    const before = (await tokensItem.getValue())!;
    await age(before.refreshAt - Date.now() + 1000); // inside the margin, not expired
    idp.controls.set({ refreshFailures: 1 });

    await expect(auth.getAccessToken()).resolves.toBe(before.accessToken);
    expect(await auth.getState()).toMatchObject({ signedIn: true });
    expect(await refreshFailuresItem.getValue()).toBe(1);
    const retry = await fakeBrowser.alarms.get(REFRESH_ALARM);
    expect(retry!.scheduledTime - Date.now()).toBeGreaterThan(20_000);

    await auth.handleAlarm(REFRESH_ALARM);
    expect((await tokensItem.getValue())!.refreshToken).not.toBe(before.refreshToken);
    expect(await refreshFailuresItem.getValue()).toBeNull();
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(2);
  });

  it('a 503 once the token has expired is a passing error, not a sign-out', async () => {
    const { auth } = await signedIn();
    await age(2 * HOUR);
    idp.controls.set({ refreshFailures: 1 });
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'network' });
    expect(await auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    await expect(auth.getAccessToken()).resolves.toMatch(JWT_PATTERN);
  });

  it('a changed sub on refresh is rejected: signed out, and the other identity never shown', async () => {
    const { auth } = await signedIn();
    idp.controls.set({ changeSubOnRefresh: true });
    await age(HOUR);
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'identity_changed' });
    expect(await auth.getState()).toMatchObject({ signedIn: false, notice: { code: 'identity_changed' } });
    expect(await profileItem.getValue()).toBeNull();
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });

  it('a sign-out while a refresh is in flight wins: the late result does not bring the session back', async () => {
    const { auth } = await signedIn();
    // The sign-out's revocation comes after the refresh grant, so it is the generation counter, not
    // the provider, that drops the late result.
    idp.controls.set({ tokenDelayMs: 400, revocationDelayMs: 1000 });
    await age(HOUR);
    const pending = auth.getAccessToken();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await auth.signOut();
    await expect(pending).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(await tokensItem.getValue()).toBeNull();
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(await auth.getState()).toMatchObject({ signedIn: false });
  });
});

describe('401 from the API (issue 4)', () => {
  let api: Server;
  let url: URL;
  // The tokens each request carried; the API accepts any but the first when `acceptAfterFirst`.
  const seen: string[] = [];
  let acceptAfterFirst = true;

  beforeAll(async () => {
    api = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      const ok = acceptAfterFirst && seen.length > 1;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"ok":true}' : '{}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://localhost:${(api.address() as AddressInfo).port}/hello`);
  });
  /** The one API of the shorthand settings, at the test's server. */
  const theApi = () => ({ name: 'API', url, scopes: [] });
  afterAll(async () => {
    await new Promise((resolve) => api.close(resolve));
  });

  it('refreshes once and retries once', async () => {
    const { auth } = await signedIn();
    seen.length = 0;
    acceptAfterFirst = true;
    await expect(callApiWithRetry(theApi(), (o) => auth.getAccessToken(o))).resolves.toEqual({
      api: 'API',
      status: 200,
      body: { ok: true },
    });
    expect(seen).toHaveLength(2);
    expect(seen.every((header) => JWT_PATTERN.test(header) && header.startsWith('Bearer '))).toBe(true);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
  });

  it('never loops: a second 401 is the answer', async () => {
    const { auth } = await signedIn();
    seen.length = 0;
    acceptAfterFirst = false;
    await expect(callApiWithRetry(theApi(), (o) => auth.getAccessToken(o))).rejects.toMatchObject({ code: 'api_unauthorized' });
    expect(seen).toHaveLength(2);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
  });
});

describe('sign-out and silent sign-in (issue 4)', () => {
  it('sign-out ends the provider session, so the next sign-in needs the login form', async () => {
    const { auth } = await signedIn();
    await auth.signOut();
    expect(idp.controls.stats().endSessionRequests).toBe(1);
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(await hadSessionItem.getValue()).toBeNull();
    // With the provider session gone, a silent sign-in in the same "browser" finds the form.
    expect(await auth.signInSilently()).toBe(false);
  });

  it('without sign-out, the provider session signs in silently after a browser restart', async () => {
    const h = await signedIn();
    const authorizeBefore = idp.controls.stats().authorizeRequests;
    // A browser restart empties storage.session; the had-a-session mark in storage.local stays.
    await fakeBrowser.storage.session.clear();
    expect(await h.auth.getState()).toMatchObject({ signedIn: false });
    h.launches.length = 0;
    await h.auth.resume();
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    expect(h.launches).toEqual([expect.objectContaining({ interactive: false })]);
    expect(idp.controls.stats().authorizeRequests).toBe(authorizeBefore + 1);
  });

  it('"Sign in" clicked during a silent sign-in waits for it, and opens no window when it succeeds', async () => {
    const h = await signedIn();
    await fakeBrowser.storage.session.clear();
    h.launches.length = 0;
    const silent = h.auth.resume();
    await expect(h.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    await silent;
    expect(h.launches).toEqual([expect.objectContaining({ interactive: false })]);
  });

  it('a silent sign-in the provider refuses (AADB2C90077) ends signed out, with no window and no notice', async () => {
    const h = await signedIn();
    await h.auth.signOut();
    await hadSessionItem.setValue(true); // as if the browser had restarted while signed in
    h.launches.length = 0;
    await h.auth.resume();
    expect(h.launches.every((launch) => !launch.interactive)).toBe(true);
    expect(await h.auth.getState()).toEqual({ signedIn: false, busy: false });
    expect(await noticeItem.getValue()).toBeNull();
    expect(await hadSessionItem.getValue()).toBeNull();
  });

  it('an expired access token with no refresh token tries a silent sign-in before giving up', async () => {
    const h = await signedIn();
    const stored = (await tokensItem.getValue())!;
    const { refreshToken: _dropped, ...withoutRefresh } = stored;
    await tokensItem.setValue({ ...withoutRefresh, refreshAt: 0, accessTokenExpiresAt: 0 });
    h.launches.length = 0;
    const authorizeBefore = idp.controls.stats().authorizeRequests;
    const token = await h.auth.getAccessToken();
    expect(token).toMatch(JWT_PATTERN);
    expect(h.launches).toEqual([expect.objectContaining({ interactive: false })]);
    expect(idp.controls.stats().authorizeRequests).toBe(authorizeBefore + 1);
    expect((await tokensItem.getValue())!.refreshToken).toBeTruthy();
  });

  it('an expired access token with no refresh token and no provider session: "Your session expired, sign in again"', async () => {
    await signedIn();
    const stored = (await tokensItem.getValue())!;
    // Another install with the same storage, whose provider session is gone.
    const { createAuth } = await import('../../packages/mv3-signin/src/auth/index');
    const { configFor } = await import('../support/idp-client');
    const auth = createAuth({
      config: configFor(idp),
      redirectUri: 'https://example.chromiumapp.org/',
      launchWebAuthFlow: async () => {
        throw new Error('User interaction required.');
      },
    });
    const { refreshToken: _dropped, ...withoutRefresh } = stored;
    await tokensItem.setValue({ ...withoutRefresh, refreshAt: 0, accessTokenExpiresAt: 0 });
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'session_expired' });
    expect(userMessage('session_expired')).toBe('Your session expired, sign in again.');
    expect(await tokensItem.getValue()).toBeNull();
  });
});

describe('startup, install and providers without sign-out (issue 4)', () => {
  it('resume() puts back a lost refresh alarm for a stored session', async () => {
    const { auth } = await signedIn();
    await fakeBrowser.alarms.clearAll();
    await auth.resume();
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.scheduledTime).toBe((await tokensItem.getValue())!.refreshAt);
  });

  it('a provider without an end_session_endpoint gets a local sign-out, and the popup says so', async () => {
    const { auth } = await signedIn();
    const { metadataItem } = await import('../../packages/mv3-signin/src/auth/store');
    const cached = (await metadataItem.getValue())!.signIn!;
    const { end_session_endpoint: _none, ...metadata } = cached.metadata;
    await metadataItem.setValue({ signIn: { ...cached, metadata } });
    const endSessions = idp.controls.stats().endSessionRequests;
    await expect(auth.signOut()).resolves.toMatchObject({
      signedIn: false,
      notice: { code: 'signed_out_locally', message: userMessage('signed_out_locally') },
    });
    expect(idp.controls.stats().endSessionRequests).toBe(endSessions);
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });
});
