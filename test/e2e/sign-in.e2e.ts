import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../server/local';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem();

beforeEach(async () => {
  await system.closeExtensionPages();
});

describe('sign-in from the popup (issue 2)', () => {
  it('signs in on the provider page and shows the user name; Sign out shows Sign in again and leaves no token', async () => {
    const popup = popupPage(await system.ext.openPopupTab());
    expect(await popup.hasButton('Sign in')).toBe(true);

    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const loginPage = await authWindow;
    // The busy state shows while the provider's window is open.
    expect(await popup.status()).toBe('busy');
    await submitLogin(loginPage, ALICE.email, ALICE.password);

    expect(await popup.userName()).toBe(ALICE.name);
    expect(await popup.hasButton('Sign out')).toBe(true);
    expect(await popup.hasButton('Call API')).toBe(true);
    expect(await system.storageDump()).toMatch(JWT_PATTERN);

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    const dump = await system.storageDump();
    expect(dump).not.toMatch(JWT_PATTERN);
    expect(dump).not.toContain('"tokens"');
    expect(dump).not.toContain('refreshToken');
  });

  it('shows the email when the user has no display name', async () => {
    const noName = DEMO_USERS.find((u) => !u.name)!;
    const popup = await system.signIn(noName);
    expect(await popup.userName()).toBe(noName.email);
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it('a second click while the sign-in window is open does not open a second window', async () => {
    const popup = popupPage(await system.ext.openPopupTab());
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const loginPage = await authWindow;
    // A second popup (the toolbar one closes and reopens) asks again.
    const second = popupPage(await system.ext.openPopupTab());
    expect(await second.status()).toBe('busy');
    // Not awaited: the reply comes when the (joined) sign-in completes.
    await second.page.evaluate(() => {
      void chrome.runtime.sendMessage({ type: 'signIn' });
    });
    await new Promise((r) => setTimeout(r, 1000));
    const providerPages = (await system.ext.browser.pages()).filter((p) => p.url().startsWith(system.idp.origin));
    expect(providerPages).toHaveLength(1);
    await submitLogin(loginPage, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    expect(await second.userName()).toBe(ALICE.name);
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });
});

describe('the toolbar popup (issue 2)', () => {
  /** Clicks the toolbar action (chrome.action.openPopup) over a focused window, and returns the popup. */
  async function openToolbarPopup(): Promise<PopupPage> {
    const tab = await system.ext.browser.newPage();
    await tab.bringToFront();
    const opened = system.ext.browser.waitForTarget((t) => t.url() === `${system.ext.origin}/popup.html`, { timeout: 10_000 });
    await (await system.ext.worker()).evaluate(() => chrome.action.openPopup());
    return popupPage(await (await opened).asPage());
  }

  it('opens from the toolbar action and offers "Sign in"', async () => {
    const popup = await openToolbarPopup();
    await popup.waitForButton('Sign in');
    expect(await popup.status()).toBe('signed-out');
  });

  it('the sign-in goes on when the toolbar popup closes, and the reopened popup shows the user', async () => {
    const popup = await openToolbarPopup();
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await authWindow;
    // A real toolbar popup closes as soon as the sign-in window takes the focus.
    if (!popup.page.isClosed()) await popup.page.close();
    await submitLogin(login, ALICE.email, ALICE.password);

    const reopened = await openToolbarPopup();
    expect(await reopened.userName()).toBe(ALICE.name);
    await reopened.click('Sign out');
    await reopened.waitForButton('Sign in');
  });
});
