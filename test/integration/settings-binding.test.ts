// Issue 18, item 1: tokens carry the settings they came from. A background that wakes under other
// settings (the options page, policy, a new build) ends the session before it answers anything,
// and no request carrying the old tokens goes anywhere but to the provider that issued them.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { type Settings } from '../../packages/mv3-signin/src/settings/config';
import { type BuildEnv } from '../../lib/build-settings';
import type { SettingsState } from '../../packages/mv3-signin/src/settings/sources';
import { createConfiguredAuth, type ConfiguredAuth } from '../../packages/mv3-signin/src/service/configured';
import { failure } from '../../packages/mv3-signin/src/core/errors';
import { noticeItem, tokensItem } from '../../packages/mv3-signin/src/auth/store';
import type { Idp } from '../../server/idp';
import { REDIRECT_URI } from '../../server/local';
import { createBrowserSession, type BrowserSession } from '../support/idp-driver';
import { BOB, configFor, httpAuthFlow, JWT_PATTERN, startTestIdp, storageDump, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();
// Another tenant: the provider the new settings point at.
let other: Idp;
beforeAll(async () => {
  other = await startTestIdp();
});
afterAll(async () => {
  await other.close();
});
beforeEach(() => {
  fakeBrowser.reset();
  other.controls.reset();
});

const stateOf = (config: Settings | undefined): SettingsState => ({ values: {}, locked: [], ...(config ? { config } : {}) });

/** The settings sources, as a test changes them: what the next read of them gives. */
function sources(config: Settings | undefined) {
  let inForce = config;
  return {
    set(next: Settings | undefined) {
      inForce = next;
    },
    load: () => Promise.resolve(stateOf(inForce)),
  };
}

/** A background instance (one worker's life) over `load`, signing in through `browser`. */
function background(load: () => Promise<SettingsState>, browser: BrowserSession, flow?: LaunchWebAuthFlow): ConfiguredAuth {
  return createConfiguredAuth({ redirectUri: REDIRECT_URI, launchWebAuthFlow: flow ?? httpAuthFlow(browser) }, load);
}

const settingsChanged = failure('settings_changed');

async function signedInUnder(config: Settings) {
  const browser = createBrowserSession();
  const settings = sources(config);
  await (await background(settings.load, browser).auth()).signIn();
  const stored = (await tokensItem.getValue())!;
  expect(stored.refreshToken).toBeTruthy();
  idp.controls.reset();
  return { browser, settings, stored };
}

/** Nothing of the old session is left, and the popup has the notice. */
async function expectEndedBySettings(): Promise<void> {
  expect(await tokensItem.getValue()).toBeNull();
  expect(await noticeItem.getValue()).toEqual(settingsChanged);
  expect(await storageDump()).not.toMatch(JWT_PATTERN);
}

const changes: [string, (idp: Idp) => BuildEnv][] = [
  ['another tenant (authority, issuer and client id)', () => ({})],
  ['the client id only', () => ({ WXT_CLIENT_ID: '11111111-2222-4333-8444-555555555555' })],
  ['the API URL only', () => ({ WXT_API_URL: 'http://localhost:2/other-api' })],
  ['the scopes only', () => ({ WXT_SCOPES: 'https://b2cdemo.onmicrosoft.com/other-api/other.read' })],
  ['a profile-edit flow added', (current) => ({ WXT_PROFILE_EDIT_AUTHORITY: current.authorities.editProfile })],
];

describe('tokens bound to the settings that got them (issue 18)', () => {
  it.each(changes)(
    'a worker that wakes under new settings (%s) ends the session before answering, and sends the old tokens nowhere',
    async (name, change) => {
      const config = configFor(idp);
      await signedInUnder(config);
      const next = name.startsWith('another tenant') ? configFor(other) : configFor(idp, change(idp));

      // A new background instance: the worker was stopped while the settings changed.
      const auth = await background(sources(next).load, createBrowserSession()).auth();
      await expectEndedBySettings();
      await expect(auth.getAccessToken({ force: true })).rejects.toMatchObject({ code: 'not_signed_in' });
      expect(await auth.getState()).toMatchObject({ signedIn: false, notice: settingsChanged });
      // The new settings' provider never saw the old refresh token; the old provider saw no refresh either.
      expect(other.controls.stats().tokenRequests.refresh_token).toBe(0);
      expect(other.controls.stats().revocationRequests).toBe(0);
      expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
    },
  );

  it('the old session is revoked at the provider that issued it, never at the new one', async () => {
    const { stored } = await signedInUnder(configFor(idp));
    await background(sources(configFor(other)).load, createBrowserSession()).auth();
    await vi.waitFor(() => expect(idp.controls.stats().revocationRequests).toBe(1));
    expect(other.controls.stats().revocationRequests).toBe(0);
    const tokenEndpoint = `${idp.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`;
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken!,
        client_id: configFor(idp).clientId,
      }),
    });
    expect(response.status).toBe(400);
  });

  it('settings that are no longer usable end the session too', async () => {
    await signedInUnder(configFor(idp));
    await expect(background(sources(undefined).load, createBrowserSession()).auth()).rejects.toMatchObject({
      code: 'not_set_up',
    });
    // auth() waits for the sources' first read, and the check comes with it.
    await vi.waitFor(expectEndedBySettings);
  });

  it('the same settings keep the session across worker restarts', async () => {
    const config = configFor(idp);
    const { stored } = await signedInUnder(config);
    const auth = await background(sources(configFor(idp)).load, createBrowserSession()).auth();
    await expect(auth.getAccessToken()).resolves.toBe(stored.accessToken);
    expect(await noticeItem.getValue()).toBeNull();
  });

  it('a running worker: a reload with new settings ends the session at once (the API URL changed)', async () => {
    const { browser, settings } = await signedInUnder(configFor(idp));
    const configured = background(settings.load, browser);
    const auth = await configured.auth();
    settings.set(configFor(idp, { WXT_API_URL: 'http://localhost:2/other-api' }));
    await configured.reload();
    await expectEndedBySettings();
    // The auth of the old settings, still held by a request in flight, sends nothing either.
    await expect(auth.getAccessToken({ force: true })).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
  });

  it('tokens stored under other settings are refused by the old settings’ auth before any use', async () => {
    const { browser, settings } = await signedInUnder(configFor(idp));
    const auth = await background(settings.load, browser).auth();
    const stored = (await tokensItem.getValue())!;
    // As if another worker had stored a session under other settings meanwhile.
    await tokensItem.setValue({ ...stored, settings: '{"other":true}' });
    await expect(auth.getAccessToken({ force: true })).rejects.toMatchObject({ code: 'settings_changed' });
    await expectEndedBySettings();
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
  });

  describe('settings changed while the provider’s window is open', () => {
    /** A sign-in whose window, while the user is on the provider's page, sees the settings change. */
    function signInDuring(change: (settings: ReturnType<typeof sources>, configured: ConfiguredAuth) => Promise<void>) {
      const browser = createBrowserSession();
      const settings = sources(configFor(idp));
      const walk = httpAuthFlow(browser);
      const flow: LaunchWebAuthFlow = async (details) => {
        const redirected = await walk(details);
        await change(settings, configured);
        return redirected;
      };
      const configured = background(settings.load, browser, flow);
      return configured;
    }

    it('the running worker reloads first: the sign-in is not adopted under the new settings', async () => {
      const configured = signInDuring(async (settings, current) => {
        settings.set(configFor(idp, { WXT_CLIENT_ID: '11111111-2222-4333-8444-555555555555' }));
        await current.reload();
      });
      await expect((await configured.auth()).signIn()).rejects.toMatchObject({ code: 'settings_changed' });
      expect(await tokensItem.getValue()).toBeNull();
      expect(await storageDump()).not.toMatch(JWT_PATTERN);
      expect(await (await configured.auth()).getState()).toMatchObject({ signedIn: false, notice: settingsChanged });
    });

    it('before the worker hears of the change (no reload yet): still not adopted', async () => {
      const configured = signInDuring(async (settings) => {
        settings.set(configFor(idp, { WXT_API_URL: 'http://localhost:2/other-api' }));
      });
      await expect((await configured.auth()).signIn()).rejects.toMatchObject({ code: 'settings_changed' });
      expect(await tokensItem.getValue()).toBeNull();
      expect(await storageDump()).not.toMatch(JWT_PATTERN);
    });
  });

  it('"Use another account" revokes the replaced user’s refresh token', async () => {
    const config = configFor(idp);
    const { stored } = await signedInUnder(config);
    const browser = createBrowserSession();
    const auth = await background(sources(config).load, browser, httpAuthFlow(browser, BOB)).auth();
    await auth.useAnotherAccount();
    expect((await tokensItem.getValue())!.identity.sub).not.toBe(stored.identity.sub);
    await vi.waitFor(() => expect(idp.controls.stats().revocationRequests).toBe(1));
  });
});
