// Issue 18, items 4 and 5: sign-out that works with any standard provider. Where the provider's
// end-session page asks the user (OpenID RP-Initiated Logout §2, as Glewlwyd's does), the user sees
// it in a window and confirms there; where it redirects at once (B2C), nothing shows. A provider
// that refuses public clients at its revocation endpoint is not asked to revoke.
import type { Page, Target } from 'puppeteer';
import { beforeEach, describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { dropCachedProvider } from './support/hostile';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem();
// Every test starts signed out, here and at the provider, with the provider's default switches.
beforeEach(async () => {
  system.idp.controls.reset();
  const popup = popupPage(await system.ext.openPopupTab());
  if (await popup.hasButton('Sign out')) {
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  }
  await system.idp.controls.endSessions();
  await system.closeExtensionPages();
});

const stats = () => system.idp.controls.stats();

/** The provider pages that open from now on. */
function watchProviderPages(): { readonly targets: Target[]; stop(): void } {
  const targets: Target[] = [];
  const onTarget = (target: Target) => {
    if (target.type() === 'page' && target.url().startsWith(system.idp.origin)) targets.push(target);
  };
  system.ext.browser.on('targetcreated', onTarget);
  system.ext.browser.on('targetchanged', onTarget);
  return { targets, stop: () => system.ext.browser.off('targetcreated', onTarget).off('targetchanged', onTarget) };
}

/** The provider's "Log out" page, once a window shows it (after the silent attempt gave up). */
async function logoutWindow(): Promise<Page> {
  const target = await system.ext.browser.waitForTarget(
    (t) => t.type() === 'page' && t.url().startsWith(`${system.idp.origin}/`) && t.url().includes('/logout'),
    { timeout: 20_000 },
  );
  const page = await target.page();
  if (!page) throw new Error('The end-session window has no page');
  await page.waitForSelector('#logout', { visible: true });
  return page;
}

/** "Sign in" again: the provider's login form must show, as its session ended (else the window never shows it). */
async function signInWithPassword(): Promise<void> {
  const popup = popupPage(await system.ext.openPopupTab());
  const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
  await popup.click('Sign in');
  await submitLogin(await authWindow, ALICE.email, ALICE.password);
  expect(await popup.userName()).toBe(ALICE.name);
}

async function signOutFrom(popup: PopupPage): Promise<void> {
  await popup.click('Sign out');
}

describe('sign-out that lets the provider ask (issue 18)', () => {
  it('a confirming end-session page shows in a window; "Log out" there ends the provider’s session', async () => {
    system.idp.controls.set({ endSession: 'confirm' });
    const popup = await system.signIn();
    const confirm = logoutWindow();
    await signOutFrom(popup);
    const page = await confirm;
    expect(await page.$eval('#logout', (el) => el.textContent)).toBe('Log out');
    // Local state is gone before the provider answers.
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
    await page.click('#logout');

    await popup.waitForButton('Sign in');
    expect(await popup.noAlert()).toBe(true);
    expect(stats().endSessionConfirmations).toBe(1);
    // The provider's session ended: the next sign-in needs the password.
    await signInWithPassword();
  });

  it('closing that window without confirming ends nothing at the provider, and the popup says so', async () => {
    system.idp.controls.set({ endSession: 'confirm' });
    const popup = await system.signIn();
    const confirm = logoutWindow();
    await signOutFrom(popup);
    await (await confirm).close();

    await popup.waitForButton('Sign in');
    expect(await popup.alert()).toMatchObject({
      code: 'provider_sign_out_failed',
      text: englishUserMessage('provider_sign_out_failed'),
    });
    expect(stats().endSessionConfirmations).toBe(0);
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
  });

  it('a provider that sends the browser straight back (B2C): no window shows', async () => {
    const popup = await system.signIn();
    const pages = watchProviderPages();
    await signOutFrom(popup);
    await popup.waitForButton('Sign in');
    pages.stop();
    expect(await popup.noAlert()).toBe(true);
    expect(stats().endSessionRequests).toBe(1);
    expect(pages.targets.map((t) => t.url())).toEqual([]);
  });
});

describe('revocation as the provider allows (issue 18)', () => {
  it('a provider that refuses public clients is not asked to revoke; sign-out still ends its session, with no notice', async () => {
    // Set before the sign-in's discovery (the cached metadata is what the sign-out reads).
    system.idp.controls.set({ revocation: 'confidentialOnly' });
    await dropCachedProvider(system);
    const popup = await system.signIn();
    await signOutFrom(popup);
    await popup.waitForButton('Sign in');
    expect(await popup.noAlert()).toBe(true);
    // Time for a revocation request that should not come.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stats()).toMatchObject({ revocationRequests: 0, revocationRefused: 0, endSessionRequests: 1 });
    await signInWithPassword();
  });
});
