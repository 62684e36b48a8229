// Issue 18, item 1: tokens are bound to the settings that got them. Settings that change while
// the service worker is stopped, or while the provider's window is open, end the session before
// any request carries the old tokens anywhere; so does a new build with other settings.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STORAGE_KEYS } from 'mv3-signin/settings';
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { buildExtension, extensionDir } from '../../tooling/build-extension';
import { launchWithExtension } from '../../tooling/launch';
import { E2E, e2eApiUrl, e2eEnv, e2eSettings } from './support/e2e-env';
import { englishUserMessage } from './support/english';
import { openOptions, saveOptions } from './support/options';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, JWT_PATTERN, storageDump } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.unconfiguredMode });

const SETTINGS = e2eSettings;
const OTHER_CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_API_URL = e2eApiUrl.replace(/\/hello$/, '/other');

/** Saved through the options page, then signed in as Alice, with "Call API" answered once. */
async function signedIn(): Promise<void> {
  await system.closeExtensionPages();
  const options = await openOptions(system.ext);
  await saveOptions(options, SETTINGS);
  await options.close();
  const popup = await system.signIn(ALICE);
  await popup.click('Call API');
  expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
  await system.closeExtensionPages();
}

/** Writes the saved settings as the options page's Save does, from an extension page, while no worker runs. */
async function changeSavedSettingsWithWorkerStopped(values: Record<string, string>): Promise<void> {
  const page = await system.ext.browser.newPage();
  await page.goto(`${system.ext.origin}/options.html`);
  // Once the page has its settings from the worker, nothing wakes the worker but the write.
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#authority')?.value !== '');
  await (await system.ext.worker()).close();
  await page.evaluate((key, config) => chrome.storage.local.set({ [key]: config }), STORAGE_KEYS.local.savedSettings, values);
  await page.close();
}

/** The popup after a change: signed out, saying why, with nothing of the old session stored. */
async function expectSignedOutBySettings(popup: PopupPage): Promise<void> {
  await popup.waitForButton('Sign in');
  expect(await popup.alert()).toMatchObject({ code: 'settings_changed', text: englishUserMessage('settings_changed') });
  expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
}

describe('tokens bound to the settings that got them (issue 18)', () => {
  it.each([
    ['the client id', { clientId: OTHER_CLIENT_ID }],
    ['the API URL', { apiUrl: OTHER_API_URL }],
  ])(
    '%s changed while the worker was stopped: the woken worker signs out first and sends the old tokens nowhere',
    async (_name, change) => {
      await signedIn();
      system.idp.controls.reset();
      const apiRequests = system.apiLog.length;

      await changeSavedSettingsWithWorkerStopped({ ...SETTINGS, ...change });
      const popup = popupPage(await system.ext.openPopupTab());
      await expectSignedOutBySettings(popup);
      expect(await popup.hasButton('Call API')).toBe(false);
      // No refresh at the provider and no call to any API with the old tokens.
      expect(system.idp.controls.stats().tokenRequests.refresh_token).toBe(0);
      expect(system.apiLog.length).toBe(apiRequests);
    },
  );

  it('settings saved while the provider’s window is open: that sign-in is not adopted', async () => {
    await system.closeExtensionPages();
    const options: Page = await openOptions(system.ext);
    await saveOptions(options, SETTINGS);
    await system.idp.controls.endSessions();
    const popup = popupPage(await system.ext.openPopupTab());
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await authWindow;
    await login.waitForSelector('#signInName', { visible: true });

    await options.bringToFront();
    await saveOptions(options, { apiUrl: OTHER_API_URL });
    await submitLogin(login, ALICE.email, ALICE.password);

    await expectSignedOutBySettings(popup);
    expect(system.idp.controls.stats().tokenRequests.authorization_code).toBe(1);
  });
});

describe('a new build with other settings (issue 18)', () => {
  it('the rebuilt extension sends the old tokens nowhere: no refresh, no API call, none of them stored', async () => {
    // A copy of the plain e2e build, loaded unpacked: the folder a developer rebuilds in place.
    const dir = await mkdtemp(join(tmpdir(), 'b2c-rebuilt-'));
    const profile = await mkdtemp(join(tmpdir(), 'b2c-rebuilt-profile-'));
    await cp(extensionDir(E2E.plainMode), dir, { recursive: true });
    let ext = await launchWithExtension(dir, { userDataDir: profile });
    try {
      await system.idp.controls.endSessions();
      const popup = popupPage(await ext.openPopupTab());
      const authWindow = waitForAuthWindow(ext.browser, system.idp.origin);
      await popup.click('Sign in');
      await submitLogin(await authWindow, ALICE.email, ALICE.password);
      expect(await popup.userName()).toBe(ALICE.name);
      const before = (JSON.parse(await storageDump(ext)) as [{ tokens: { accessToken: string } }])[0].tokens.accessToken;
      system.idp.controls.reset();
      const apiRequests = system.apiLog.length;

      // The new build goes where the old one was, and the browser starts again with it.
      const rebuilt = await buildExtension(`${E2E.plainMode}-rebuilt`, { ...e2eEnv, WXT_API_URL: OTHER_API_URL });
      await ext.close();
      await cp(rebuilt, dir, { recursive: true, force: true });
      ext = await launchWithExtension(dir, { userDataDir: profile });
      // Its state drawn: the new worker has started under the new build's settings.
      await ext.openPopupTab();

      expect(await storageDump(ext)).not.toContain(before);
      expect(system.idp.controls.stats().tokenRequests.refresh_token).toBe(0);
      expect(system.apiLog.length).toBe(apiRequests);
    } finally {
      await ext.close();
      await rm(dir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  });
});
