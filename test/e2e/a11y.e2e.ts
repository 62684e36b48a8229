import type { Page } from 'puppeteer';
import { beforeEach, describe, expect, it } from 'vitest';
import { axeViolations as violations, SCHEMES } from './support/axe';
import { e2eApiUrl, e2eAuthority } from './support/e2e-env';
import { fill, openOptions } from './support/options';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE, E2E } from './support/system';
import { useSystem } from './support/use-system';

// Issue 11: axe finds nothing in any state of the popup (and on the options page), in light and
// dark; the keyboard alone goes through sign-in, Call API and sign-out; errors take the focus.

/** The toolbar popup's width. */
const POPUP_WIDTH = 360;

async function openPopup(system: ReturnType<typeof useSystem>): Promise<PopupPage> {
  const page = await system.ext.openPopupTab();
  await page.setViewport({ width: POPUP_WIDTH, height: 600 });
  return popupPage(page);
}

/** Each report line's verdict word and icon: their contrast against the page. */
function verdictContrasts(page: Page): Promise<{ word: number; icon: number }[]> {
  return page.$$eval('[data-severity]', (lines) => {
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (color: string) => {
      const [r = 0, g = 0, b = 0] = rgb(color).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const page = luminance(getComputedStyle(document.documentElement).backgroundColor);
    const ratio = (el: Element | null) => {
      const color = luminance(getComputedStyle(el!).color);
      return (Math.max(color, page) + 0.05) / (Math.min(color, page) + 0.05);
    };
    return lines.map((li) => ({ word: ratio(li.querySelector('.verdict')), icon: ratio(li.querySelector('svg')) }));
  });
}

/** Waits until the alert has the focus, and returns what has it. */
async function focusOnAlert(popup: PopupPage) {
  await popup.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'error', {
    timeout: 5_000,
  });
  return popup.focused();
}

describe('accessibility of the popup (issue 11)', () => {
  const system = useSystem();
  beforeEach(async () => {
    system.idp.controls.reset();
    await system.closeExtensionPages();
  });

  it('axe: 0 violations signed out, busy, after a cancelled sign-in, signed in, with an API result and an API error', async () => {
    const popup = await openPopup(system);
    await popup.waitForButton('Sign in');
    expect(await violations(popup.page), 'signed out').toEqual([]);

    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await authWindow;
    await popup.page.waitForSelector('[data-testid="busy"]');
    expect(await violations(popup.page), 'busy').toEqual([]);

    // Closing the provider's window cancels the sign-in: the error takes the focus.
    await login.close();
    expect(await popup.alert()).toMatchObject({ code: 'login_cancelled' });
    expect(await focusOnAlert(popup)).toMatchObject({ testId: 'error', text: 'Sign-in was cancelled.' });
    expect(await violations(popup.page), 'cancelled sign-in').toEqual([]);
    await popup.page.close();

    const signedIn = await system.signIn();
    await signedIn.page.setViewport({ width: POPUP_WIDTH, height: 600 });
    expect(await violations(signedIn.page), 'signed in').toEqual([]);

    await signedIn.click('Call API');
    await signedIn.apiResult();
    expect(await violations(signedIn.page), 'API result').toEqual([]);

    // An API that takes no token of this provider: 401, then the retry's 401 too.
    await system.restartApi({ audience: 'some-other-api' });
    try {
      await signedIn.click('Call API');
      expect(await signedIn.alert()).toMatchObject({ code: 'api_unauthorized' });
      expect(await focusOnAlert(signedIn)).toMatchObject({ testId: 'error', text: 'The API did not accept your sign-in (401).' });
      expect(await violations(signedIn.page), 'API error').toEqual([]);
    } finally {
      await system.restartApi();
    }
    await signedIn.click('Sign out');
    await signedIn.waitForButton('Sign in');
  });

  it('axe: 0 violations on the options page', async () => {
    const page = await system.ext.browser.newPage();
    await page.goto(`${system.ext.origin}/options.html`);
    await page.waitForSelector('form');
    expect(await violations(page)).toEqual([]);
  });

  it('the keyboard alone: Tab to "Sign in", Enter, sign in, Tab to "Call API", Enter, Tab to "Sign out", Enter', async () => {
    const popup = await openPopup(system);
    const { page } = popup;
    await popup.waitForButton('Sign in');

    await popup.tabTo('Sign in');
    expect(await popup.focused()).toMatchObject({ text: 'Sign in', ringShown: true });
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await page.keyboard.press('Enter');
    // The provider's page is the provider's (driven as in the other tests); the popup is keys only.
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    await popup.waitForUserName(ALICE.name!);
    await page.bringToFront();

    await popup.tabTo('Call API');
    expect(await popup.focused()).toMatchObject({ text: 'Call API', ringShown: true });
    await page.keyboard.press('Enter');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });
    // The button kept the focus while the call ran (it is aria-disabled, not disabled).
    expect((await popup.focused()).text).toBe('Call API');

    await popup.tabTo('Sign out');
    expect(await popup.focused()).toMatchObject({ text: 'Sign out', ringShown: true });
    await page.keyboard.press('Enter');
    await popup.waitForButton('Sign in');
    expect(await system.storageDump()).not.toContain('"tokens"');
  });

  it('the focus ring has at least 3:1 contrast against the page, in light and dark', async () => {
    const popup = await openPopup(system);
    await popup.waitForButton('Sign in');
    await popup.tabTo('Sign in');
    const ratios: Record<string, number> = {};
    for (const scheme of SCHEMES) {
      await popup.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      ratios[scheme] = await popup.page.evaluate(() => {
        const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        const luminance = (color: string) => {
          const [r = 0, g = 0, b = 0] = rgb(color).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ring = luminance(getComputedStyle(document.activeElement!).outlineColor);
        const page = luminance(getComputedStyle(document.documentElement).backgroundColor);
        return (Math.max(ring, page) + 0.05) / (Math.min(ring, page) + 0.05);
      });
    }
    expect(ratios.light).toBeGreaterThanOrEqual(3);
    expect(ratios.dark).toBeGreaterThanOrEqual(3);
  });

  it('prefers-reduced-motion: no transition and no animation', async () => {
    const popup = await openPopup(system);
    await popup.waitForButton('Sign in');
    const motion = () =>
      popup.page.$eval('button', (el) => {
        const style = getComputedStyle(el);
        return { transition: style.transitionDuration, animation: style.animationName };
      });
    // Without the preference the buttons do move, so the check below can fail.
    await popup.page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    expect((await motion()).transition).not.toMatch(/^0s(, 0s)*$/);
    await popup.page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    expect(await motion()).toEqual({ transition: expect.stringMatching(/^0s(, 0s)*$/), animation: 'none' });

    // The busy spinner stands still too.
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    const login = await authWindow;
    const spinner = await popup.page.waitForSelector('[data-testid="busy"] .spinner');
    expect(await spinner!.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await popup.page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'no-preference' }]);
    expect(await spinner!.evaluate((el) => getComputedStyle(el).animationName)).not.toBe('none');
    await login.close();
    await popup.alert();
  });
});

describe('accessibility of an unconfigured build (issue 11)', () => {
  const system = useSystem({ mode: E2E.unconfiguredMode });

  // Issue 19, item 3: the report's verdicts (word, icon, colour) in light and dark.
  it('axe: 0 violations on the options page with a report (problem, warning, ok lines), and when it is stale; verdict colours meet contrast', async () => {
    const page = await openOptions(system.ext);
    await fill(page, 'authority', e2eAuthority);
    await fill(page, 'clientId', E2E.clientId);
    await fill(page, 'scopes', 'openid');
    await fill(page, 'apiUrl', e2eApiUrl);
    await popupPage(page).click('Check');
    await page.waitForSelector('[data-testid="check-issuer"]');
    const severities = await page.$$eval('[data-severity]', (lines) => lines.map((li) => li.getAttribute('data-severity')));
    expect(new Set(severities)).toEqual(new Set(['problem', 'warning', 'ok']));
    expect(await violations(page), 'report').toEqual([]);
    for (const scheme of SCHEMES) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      const ratios = await verdictContrasts(page);
      expect(Math.min(...ratios.map((r) => r.word)), `${scheme} verdict words`).toBeGreaterThanOrEqual(4.5);
      expect(Math.min(...ratios.map((r) => r.icon)), `${scheme} verdict icons`).toBeGreaterThanOrEqual(3);
    }
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.type('#scopes', ' profile');
    await page.waitForSelector('[data-testid="check-stale"]');
    expect(await violations(page), 'stale report').toEqual([]);
    await page.close();
  });

  it('axe: 0 violations in the needs-setup popup and on the empty options page', async () => {
    const popup = await openPopup(system);
    expect(await popup.status()).toBe('needs-setup');
    expect(await violations(popup.page), 'needs setup').toEqual([]);

    const options = await system.ext.browser.newPage();
    await options.goto(`${system.ext.origin}/options.html`);
    await options.waitForSelector('form');
    expect(await violations(options), 'options, empty').toEqual([]);
  });
});
