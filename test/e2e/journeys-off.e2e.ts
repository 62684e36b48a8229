// Issue 8: a build without WXT_PASSWORD_RESET_AUTHORITY and WXT_PROFILE_EDIT_AUTHORITY behaves as before them.
import { describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { E2E } from './support/e2e-env';
import { waitForAuthWindow } from './support/popup';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.plainMode });

describe('a build with the sign-in flow only (issue 8)', () => {
  it('offers no "Edit profile", and AADB2C90118 keeps its message with no second window', async () => {
    const popup = await system.signIn();
    expect(await popup.hasButton('Use another account')).toBe(true);
    expect(await popup.hasButton('Edit profile')).toBe(false);
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');

    const { browser } = system.ext;
    const signInWindow = waitForAuthWindow(browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await signInWindow;
    await login.waitForSelector('#forgotPassword', { visible: true });
    await login.click('#forgotPassword');
    expect(await popup.alert()).toMatchObject({
      code: 'password_reset_requested',
      text: englishUserMessage('password_reset_requested'),
    });
    await popup.waitForButton('Sign in');
    const providerPages = (await browser.pages()).filter((page) => page.url().startsWith(system.idp.origin));
    expect(providerPages).toEqual([]);
    expect(system.idp.controls.stats().authorizeRequests).toBe(2);
  });
});
