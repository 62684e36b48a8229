import { resolve } from 'node:path';
import { STORAGE_KEYS } from 'mv3-signin/settings';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIREFOX_EXTENSION_ORIGIN, FIREFOX_REDIRECT_URI } from '../../server/local';
import { E2E, e2eApiUrl } from './support/e2e-env';
import { launchFirefoxWithExtension, type LaunchedFirefoxExtension } from '../../tooling/launch-firefox';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, startServers, type Servers } from './support/system';

// Code passed to page.evaluate() runs in the extension's page, where Firefox has `browser`.
declare const browser: typeof chrome;

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output', `firefox-mv3-${E2E.mode}`);

let servers: Servers;
let firefox: LaunchedFirefoxExtension;

beforeAll(async () => {
  servers = await startServers();
  firefox = await launchFirefoxWithExtension(EXTENSION_DIR);
});

afterAll(async () => {
  await firefox?.close();
  await servers?.api.close();
  await servers?.idp.close();
});

// Every test starts with no session at the provider, so its sign-in form shows.
beforeEach(async () => {
  await servers.idp.controls.endSessions();
});

/** The extension's background and pages as Firefox printed them: the context of a failure. */
const firefoxLog = () => `Firefox console:\n${firefox.consoleLog.join('\n')}`;

const stats = () => servers.idp.controls.stats();

async function waitUntil(check: () => Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  for (const end = Date.now() + timeout; !(await check());) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "Sign in" in a new popup tab, then Alice's email and password on the provider's page. */
async function signIn(): Promise<PopupPage> {
  const popup = popupPage(await firefox.openPopupTab());
  const authWindow = waitForAuthWindow(firefox.browser, servers.idp.origin);
  await popup.click('Sign in');
  await submitLogin(await authWindow, ALICE.email, ALICE.password);
  expect(await popup.userName()).toBe(ALICE.name);
  return popup;
}

/** The provider pages that show up from now on (a window starts as about:blank, then navigates). */
function watchProviderPages(): { urls: string[]; stop(): void } {
  const urls: string[] = [];
  const onTarget = (target: { type(): string; url(): string }) => {
    if (target.type() === 'page' && target.url().startsWith(servers.idp.origin)) urls.push(target.url());
  };
  firefox.browser.on('targetcreated', onTarget);
  firefox.browser.on('targetchanged', onTarget);
  return {
    urls,
    stop() {
      firefox.browser.off('targetcreated', onTarget);
      firefox.browser.off('targetchanged', onTarget);
    },
  };
}

/** Restarts the add-on as an update does (a temporary add-on does not survive a browser restart). */
async function reloadExtension(page: Page): Promise<void> {
  const alive = () => page.evaluate(() => true).catch(() => false);
  // The page goes away with the add-on, so the call may not return.
  await page
    .evaluate(() => {
      browser.runtime.reload();
    })
    .catch(() => undefined);
  // Firefox closes the add-on's tabs, which Puppeteer does not notice ('close' never fires), and a
  // tab opened before that fails with "BrowsingContext does no longer exist".
  await waitUntil(async () => !(await alive()), 'the add-on has closed its tabs');
}

describe('Firefox (WebDriver BiDi, MV3 event page)', () => {
  it('runs at the pinned moz-extension origin, with the redirect URI the provider registers and host permissions granted', async () => {
    const page = await firefox.openPopupTab();
    const origins = [`${servers.idp.origin}/*`, `${new URL(e2eApiUrl).origin}/*`];
    const facts = await page.evaluate(
      async (origins) => ({
        origin: location.origin,
        redirectUri: browser.identity.getRedirectURL(),
        hostPermissions: await browser.permissions.contains({ origins }),
      }),
      origins,
    );
    expect(facts).toEqual({ origin: FIREFOX_EXTENSION_ORIGIN, redirectUri: FIREFOX_REDIRECT_URI, hostPermissions: true });
    await page.close();
  });

  it('signs in on the provider page, calls the API with the token, and signs out', async () => {
    const popup = await signIn();
    expect(await popup.hasButton('Sign out')).toBe(true);

    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    expect(await popup.hasButton('Call API')).toBe(false);
    await popup.page.close();
  });

  // Firefox rejects Chrome's non-interactive options: lib/web-auth-flow.ts leaves them out there.
  it('"Sign out" also ends the provider session, with no alert', async () => {
    const popup = await signIn();
    const ended = stats().endSessionRequests;
    // The message the button sends, whose reply comes once the provider's sign-out is over.
    const reply = await popup.page.evaluate(() => browser.runtime.sendMessage({ type: 'signOut' }));
    expect(reply, firefoxLog()).toEqual({ ok: true, value: { signedIn: false, busy: false } });
    expect(stats().endSessionRequests).toBe(ended + 1);
    const fresh = popupPage(await firefox.openPopupTab());
    expect(await fresh.hasButton('Sign in')).toBe(true);
    expect(await fresh.noAlert(), firefoxLog()).toBe(true);

    // With the provider's session alive, Firefox would sign in again without showing a window.
    const authWindow = waitForAuthWindow(firefox.browser, servers.idp.origin);
    await fresh.click('Sign in');
    const first = await Promise.race([authWindow, fresh.userName().then(() => 'signed in' as const)]);
    if (first === 'signed in') {
      authWindow.catch(() => undefined);
      throw new Error('Signed in again without the provider asking: its session lived on');
    }
    await submitLogin(first, ALICE.email, ALICE.password);
    expect(await fresh.userName()).toBe(ALICE.name);
    await fresh.click('Sign out');
    await fresh.waitForButton('Sign in');
  });

  it('after a restart with no provider session, the silent sign-in (prompt=none) only offers "Sign in": no alert, no window', async () => {
    const popup = await signIn();
    await servers.idp.controls.endSessions();
    const authorizeBefore = stats().authorizeRequests;
    const providerPages = watchProviderPages();
    try {
      // storage.session empties; onInstalled runs resume(), which tries prompt=none for the
      // session storage.local remembers (hadSession) and forgets it when the provider says no.
      await reloadExtension(popup.page);
      const fresh = popupPage(await firefox.openPopupTab());
      await waitUntil(
        async () =>
          !(await fresh.page.evaluate(async (key) => (await browser.storage.local.get(key))[key], STORAGE_KEYS.local.hadSession)),
        'the silent sign-in is over',
      );
      expect(stats().authorizeRequests, firefoxLog()).toBe(authorizeBefore + 1);
      expect(await fresh.hasButton('Sign in')).toBe(true);
      expect(await fresh.noAlert(), firefoxLog()).toBe(true);
    } finally {
      providerPages.stop();
    }
    expect(providerPages.urls).toEqual([]);
  });
});
