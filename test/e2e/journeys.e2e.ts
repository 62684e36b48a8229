// Issue 8: B2C's own journeys through the real popup, in Chromium, against server/idp's three user flows.
import type { Page } from 'puppeteer';
import { beforeEach, describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { DEMO_USERS } from '../../server/local';
import { E2E } from './support/e2e-env';
import {
  popupPage,
  submitLogin,
  submitPasswordReset,
  submitProfileEdit,
  submitSignUp,
  waitForAuthWindow,
  type PopupPage,
} from './support/popup';
import { ALICE } from './support/system';
import { useSystem } from './support/use-system';

const BOB = DEMO_USERS[1]!;
const system = useSystem();

beforeEach(async () => {
  // Also restores the provider's users (passwords, names) for the next test.
  system.idp.controls.reset();
  await system.closeExtensionPages();
});

/** Where a user flow's pages live: its windows open there. */
function flowUrl(policy: string): string {
  return `${system.idp.origin}/${E2E.tenant}.onmicrosoft.com/${policy}/`;
}

/**
 * Clicks "Sign in", then "Forgot your password?" on the provider's page, and returns the popup and
 * the reset flow's window, which the background opens with no click in between.
 */
async function forgotPassword(): Promise<{ popup: PopupPage; reset: Page }> {
  const { browser } = system.ext;
  const popup = popupPage(await system.ext.openPopupTab());
  const signInWindow = waitForAuthWindow(browser, flowUrl(E2E.policy));
  await popup.click('Sign in');
  const login = await signInWindow;
  await login.waitForSelector('#forgotPassword', { visible: true });
  const resetWindow = waitForAuthWindow(browser, flowUrl(E2E.passwordResetPolicy));
  await login.click('#forgotPassword');
  return { popup, reset: await resetWindow };
}

async function signOut(popup: PopupPage): Promise<void> {
  await popup.click('Sign out');
  await popup.waitForButton('Sign in');
}

describe('B2C user flows from the popup (issue 8)', () => {
  it('forgot password → the reset flow opens at once → signed in; another browser signs in with the new password', async () => {
    const newPassword = 'alice-e2e-new-pass';
    const { popup, reset } = await forgotPassword();
    expect(await popup.status()).toBe('busy');
    await submitPasswordReset(reset, ALICE.email, newPassword);
    expect(await popup.userName()).toBe(ALICE.name);
    expect(await popup.noAlert()).toBe(true);

    const other = await system.freshBrowser();
    try {
      const otherPopup = popupPage(await other.openPopupTab());
      const otherWindow = waitForAuthWindow(other.browser, system.idp.origin);
      await otherPopup.click('Sign in');
      await submitLogin(await otherWindow, ALICE.email, newPassword);
      expect(await otherPopup.userName()).toBe(ALICE.name);
    } finally {
      await other.close();
    }
    await signOut(popup);
  });

  it('closing the reset window says "Password reset was cancelled." and signs nobody in', async () => {
    const { popup, reset } = await forgotPassword();
    await reset.close();
    expect(await popup.alert()).toMatchObject({ code: 'password_reset_cancelled', text: 'Password reset was cancelled.' });
    await popup.waitForButton('Sign in');
  });

  it('"Edit profile" → the new name is shown → "Call API" answers with the new name', async () => {
    const popup = await system.signIn();
    const editWindow = waitForAuthWindow(system.ext.browser, flowUrl(E2E.profileEditPolicy));
    await popup.click('Edit profile');
    await submitProfileEdit(await editWindow, 'Alice Pleasance Liddell');
    await popup.waitForUserName('Alice Pleasance Liddell');
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: 'Alice Pleasance Liddell' });
    await signOut(popup);
  });

  it('"Sign up now" creates a user who is then signed in', async () => {
    const user = { email: 'dana@example.com', password: 'dana-demo-pass', name: 'Dana Scully' };
    const popup = popupPage(await system.ext.openPopupTab());
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitSignUp(await authWindow, user);
    expect(await popup.userName()).toBe(user.name);
    await signOut(popup);
  });

  it('"Use another account": a cancelled switch keeps Alice; then the switch from Alice to Bob', async () => {
    const popup = await system.signIn(ALICE);
    const { browser } = system.ext;

    const cancelled = waitForAuthWindow(browser, system.idp.origin);
    await popup.click('Use another account');
    // prompt=login: the form shows although the provider's session is alive.
    const first = await cancelled;
    await first.waitForSelector('#signInName', { visible: true });
    await first.close();
    expect(await popup.alert()).toMatchObject({ code: 'login_cancelled', text: englishUserMessage('login_cancelled') });
    expect(await popup.userName()).toBe(ALICE.name);

    const switching = waitForAuthWindow(browser, system.idp.origin);
    await popup.click('Use another account');
    await submitLogin(await switching, BOB.email, BOB.password);
    await popup.waitForUserName(BOB.name!);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: BOB.name });
    await signOut(popup);
  });

  it('the refresh token runs out: a silent sign-in keeps the user signed in, and no window is shown', async () => {
    system.idp.controls.set({ refreshTokenTtl: 3 });
    const popup = await system.signIn();
    const { browser } = system.ext;
    const windows: string[] = [];
    const onTarget = (target: { type(): string; url(): string }) => {
      if (target.type() === 'page' && target.url().startsWith(system.idp.origin)) windows.push(target.url());
    };
    browser.on('targetcreated', onTarget);
    try {
      await new Promise((resolve) => setTimeout(resolve, 3500));
      await system.expireTokens();
      const authorizeBefore = system.idp.controls.stats().authorizeRequests;
      await popup.click('Call API');
      expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
      expect(system.idp.controls.stats().authorizeRequests).toBe(authorizeBefore + 1);
      expect(await popup.noAlert()).toBe(true);
      expect(await popup.userName()).toBe(ALICE.name);
    } finally {
      browser.off('targetcreated', onTarget);
    }
    expect(windows).toEqual([]);
    await signOut(popup);
  });
});
