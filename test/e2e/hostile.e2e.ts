import type { CDPSession } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { HTML_DESCRIPTION } from '../../server/idp/adversary/authorize-response';
import { HANG_CASE, HOSTILE_CASES, WINDOW_CLOSED } from '../support/hostile-cases';
import { dropCachedProvider, expectClosedFailure, freshPopup, signInUntilAlert } from './support/hostile';
import { submitLogin, waitForAuthWindow } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

// Issue 5: hostile providers, seen from the real popup. One browser for the whole file.
const system = useSystem();

describe('hostile provider, from the popup (issue 5)', () => {
  // First, while the provider has no session cookie yet, so its sign-in window really shows.
  it(`${WINDOW_CLOSED}: "Sign-in was cancelled", not an error wall, and a retry signs in`, async () => {
    const popup = await freshPopup(system);
    const cdp: CDPSession = await popup.page.createCDPSession();
    await cdp.send('Network.clearBrowserCookies');
    await cdp.detach();

    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await (await authWindow).close();
    const alert = await popup.alert();
    expect(alert).toMatchObject({ code: 'login_cancelled', text: englishUserMessage('login_cancelled') });
    expect(system.idp.controls.stats().tokenRequests.authorization_code).toBe(0);
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);

    const retryWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await retryWindow, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    expect(await popup.noAlert()).toBe(true);
  });

  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    const popup = await freshPopup(system);
    // Metadata and key sets are cached in storage.session; these cases need them fetched again.
    if (hostile.group === 'discovery' || hostile.group === 'id-token') await dropCachedProvider(system);
    system.idp.controls.set(hostile.switches);
    const alert = await signInUntilAlert(system, popup);
    await expectClosedFailure(system, popup, alert, hostile);
    if (hostile.switches.authorizeResponse === 'accessDeniedHtml') {
      // The provider's markup shows as text.
      expect(alert.text).toContain(HTML_DESCRIPTION);
      expect(alert.html).toContain('&lt;img');
      expect(await popup.page.$('img')).toBeNull();
    }
  });

  it(`${HANG_CASE.name}: a timeout error within 20 s`, async () => {
    const popup = await freshPopup(system);
    system.idp.controls.set(HANG_CASE.switches);
    const started = Date.now();
    const alert = await signInUntilAlert(system, popup, 20_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    await expectClosedFailure(system, popup, alert, HANG_CASE);
  }, 40_000);
});
