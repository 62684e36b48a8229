import { beforeEach, describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem();
beforeEach(async () => {
  system.idp.controls.reset();
  await system.closeExtensionPages();
});

async function signOut(popup: PopupPage): Promise<void> {
  if (await popup.hasButton('Sign out')) {
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  }
}

function stats() {
  return system.idp.controls.stats();
}

describe('staying signed in (issue 4)', () => {
  it('refreshes after expiry: "Call API" still works, with one refresh grant', async () => {
    const popup = await system.signIn();
    await system.expireTokens();
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    expect(stats().tokenRequests.refresh_token).toBe(1);
    await signOut(popup);
  });

  it('5 concurrent calls at expiry make exactly 1 refresh grant and no refresh-token reuse', async () => {
    const popup = await system.signIn();
    await system.expireTokens();
    const replies = await popup.page.evaluate(() =>
      Promise.all(
        Array.from({ length: 5 }, () => chrome.runtime.sendMessage<{ type: string }, { ok: boolean }>({ type: 'callApi' })),
      ),
    );
    expect(replies.map((reply) => reply.ok)).toEqual([true, true, true, true, true]);
    expect(JSON.stringify(replies)).not.toMatch(JWT_PATTERN);
    expect(stats().tokenRequests.refresh_token).toBe(1);
    expect(stats().refreshTokenReuse).toBe(0);
    await signOut(popup);
  });

  it('invalid_grant on refresh, with no provider session left, signs out cleanly with "Your session ended, sign in again"', async () => {
    const popup = await system.signIn();
    await system.idp.controls.revokeGrants();
    await system.idp.controls.endSessions();
    await system.expireTokens();
    await popup.click('Call API');
    const alert = await popup.alert();
    expect(alert).toMatchObject({ code: 'session_ended', text: englishUserMessage('session_ended') });
    await popup.waitForButton('Sign in');
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
  });

  it('a 503 on refresh keeps the user signed in, and a later call succeeds', async () => {
    const popup = await system.signIn();
    system.idp.controls.set({ refreshFailures: 1 });
    await system.expireTokens();
    await popup.click('Call API');
    expect((await popup.alert()).code).toBe('network');
    expect(await popup.userName()).toBe(ALICE.name);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    expect(await popup.noAlert()).toBe(true);
    await signOut(popup);
  });

  it('a changed sub on refresh is rejected: signed out, the other identity never shown', async () => {
    const popup = await system.signIn();
    system.idp.controls.set({ changeSubOnRefresh: true });
    await system.expireTokens();
    await popup.click('Call API');
    expect((await popup.alert()).code).toBe('identity_changed');
    await popup.waitForButton('Sign in');
    expect(await popup.page.$('[data-testid="user-name"]')).toBeNull();
    expect(await popup.page.$('[data-testid="api-result"]')).toBeNull();
  });

  it('sign-out ends the provider session: the next sign-in shows the login form', async () => {
    const popup = await system.signIn();
    const endSessions = stats().endSessionRequests;
    await signOut(popup);
    expect(stats().endSessionRequests).toBe(endSessions + 1);
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await authWindow;
    expect(await login.waitForSelector('#signInName', { visible: true })).not.toBeNull();
    await submitLogin(login, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    await signOut(popup);
  });
});

describe('service-worker restarts (issue 4)', () => {
  it('a worker stopped during a signed-in session: the popup still shows the user and Call API works', async () => {
    await system.signIn();
    const before = await system.ext.worker();
    await before.evaluate(() => {
      (globalThis as { marker?: number }).marker = 1;
    });
    await before.close();
    const popup = popupPage(await system.ext.openPopupTab());
    // A new worker answers: the in-memory marker of the old one is gone, the session is not.
    expect(await (await system.ext.worker()).evaluate(() => (globalThis as { marker?: number }).marker)).toBeUndefined();
    expect(await popup.userName()).toBe(ALICE.name);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    await signOut(popup);
  });

  it('a worker stopped in the middle of a sign-in: the popup recovers and a retry signs in', async () => {
    const popup = popupPage(await system.ext.openPopupTab());
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const firstWindow = await authWindow;
    expect(await popup.status()).toBe('busy');
    await (await system.ext.worker()).close();
    // The popup follows the new worker's state instead of spinning forever.
    await popup.waitForButton('Sign in', 15_000);
    if (!firstWindow.isClosed()) await firstWindow.close();
    const retryWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await retryWindow, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    await signOut(popup);
  });
});

describe('browser restart (issue 4)', () => {
  // Runs last in this file: it restarts the browser.
  it('tokens do not survive a restart, and a silent sign-in on the provider session brings the user back without a window', async () => {
    await system.signIn();
    const authorizeBefore = stats().authorizeRequests;
    await system.restartBrowser();

    const popup = popupPage(await system.ext.openPopupTab());
    expect(await popup.userName(15_000)).toBe(ALICE.name);
    expect(stats().authorizeRequests).toBe(authorizeBefore + 1);
    const pages = await system.ext.browser.pages();
    expect(pages.some((page) => page.url().startsWith(system.idp.origin))).toBe(false);
    await signOut(popup);
  });

  it('after a sign-out and a restart, the popup simply offers "Sign in": no window, no error', async () => {
    await system.signIn();
    await signOut(popupPage(await system.ext.openPopupTab()));
    const authorizeBefore = stats().authorizeRequests;
    await system.restartBrowser();
    const popup = popupPage(await system.ext.openPopupTab());
    await popup.waitForButton('Sign in');
    expect(await popup.noAlert()).toBe(true);
    expect(stats().authorizeRequests).toBe(authorizeBefore);
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
  });
});
