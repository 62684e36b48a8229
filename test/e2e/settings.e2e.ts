// Issue 10: a build with no WXT_* variables, pointed at a B2C-shaped provider through its options page, with no rebuild.
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { englishUserMessage } from './support/english';
import { E2E, e2eApiUrl, e2eAuthority, e2eIssuer } from './support/e2e-env';
import { fill, openOptions as openOptionsPage } from './support/options';
import { popupPage, submitLogin, waitForAuthWindow } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.unconfiguredMode });

const openOptions = () => openOptionsPage(system.ext);

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
/** The text of `selector`, or null when nothing matches. */
const textOf = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

describe('configured through the options page (issue 10)', () => {
  it('an unconfigured build offers "Set up", not a "Sign in" that can only fail', async () => {
    const popup = popupPage(await system.ext.openPopupTab());
    expect(await popup.status()).toBe('needs-setup');
    expect(await popup.hasButton('Sign in')).toBe(false);
    expect(await popup.page.$eval('a[href="/options.html"]', (el) => el.textContent)).toBe('Set up');
  });

  it('a bad value is never saved, and the message names the field', async () => {
    const page = await openOptions();
    await fill(page, 'authority', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_susi/v2.0');
    await fill(page, 'clientId', E2E.clientId);
    await fill(page, 'apiUrl', e2eApiUrl);
    await popupPage(page).click('Save');
    await page.waitForSelector('[data-testid="problem"]');
    expect(await text(page, '[data-testid="problem"]')).toMatch(/^Authority must use https:\/\//);
    expect(await page.$eval('#authority', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    expect(await system.storageDump()).not.toContain('contoso.example');
    await page.close();
  });

  it('"Check" finds the provider, offers its issuer, names the redirect URI; "Save" applies at once; sign-in and "Call API" work', async () => {
    const page = await openOptions();
    await fill(page, 'authority', e2eAuthority);
    await fill(page, 'clientId', E2E.clientId);
    await fill(page, 'scopes', E2E.apiScope);
    await fill(page, 'apiUrl', e2eApiUrl);
    const logBefore = system.apiLog.length;
    await popupPage(page).click('Check');
    await page.waitForSelector('[data-testid="check-issuer"]');
    // Issue 19, item 2: the provider accepts this build's redirect URI, asked without the user.
    const registered = await page.waitForSelector('[data-testid="check-redirect-registered"]');
    expect(await registered!.evaluate((el) => el.getAttribute('data-severity'))).toBe('ok');
    expect(await text(page, '[data-testid="check-redirect-registered"]')).toContain(
      `https://${system.ext.extensionId}.chromiumapp.org/`,
    );
    // Check's look at the API leaves no failed call in the API's log (it was a 401 token_missing).
    const checkLines = system.apiLog.slice(logBefore).map((line) => JSON.parse(line) as { status: number });
    expect(checkLines.length).toBeGreaterThan(0);
    expect(checkLines.filter(({ status }) => status >= 400)).toEqual([]);
    expect(await text(page, '[data-testid="check-discovery"]')).toContain(e2eAuthority);
    expect(await text(page, '[data-testid="redirect-uri"]')).toBe(`https://${system.ext.extensionId}.chromiumapp.org/`);
    expect(await text(page, '[data-testid="check-redirect"]')).toContain('Single-page application');
    // B2C's quirk: the issuer differs from the authority. One click takes the one the provider declares.
    expect(await text(page, '[data-testid="check-issuer"]')).toContain(e2eIssuer);
    await page.click('::-p-text(Use this issuer)');
    expect(await page.$eval('#issuer', (el) => (el as HTMLInputElement).value)).toBe(e2eIssuer);
    expect(await system.storageDump()).not.toContain(e2eAuthority); // Check saves nothing
    await popupPage(page).click('Save');
    await page.waitForSelector('[data-testid="saved"]');

    const popup = popupPage(await system.ext.openPopupTab());
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    await popup.click('Call API');
    expect(JSON.parse(await popup.apiResult())).toMatchObject({ name: ALICE.name });

    // Another client id: the session of the old one ends first, and the popup says why.
    await page.bringToFront();
    await fill(page, 'clientId', '11111111-2222-4333-8444-555555555555');
    await popupPage(page).click('Save');
    await page.waitForSelector('[data-testid="saved"]');
    await popup.waitForButton('Sign in');
    expect(await popup.alert()).toMatchObject({ code: 'settings_changed', text: englishUserMessage('settings_changed') });
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
    await page.close();
  });

  // Issue 19, item 3: the report is a checklist a person can read at a glance. Soft assertions, so
  // that each behaviour is reported on its own.
  it('"Check"’s report: a verdict on every line, scrolled into view and announced; "Use this issuer" focuses the field; an edit marks it stale', async () => {
    const page = await openOptions();
    await page.setViewport({ width: 800, height: 600 });
    await fill(page, 'authority', e2eAuthority);
    await fill(page, 'clientId', E2E.clientId);
    await fill(page, 'scopes', 'openid'); // no API scope: a warning
    await fill(page, 'apiUrl', e2eApiUrl);
    await fill(page, 'issuer', ''); // the authority, which is not B2C's issuer: a problem
    // By keyboard: focusing scrolls "Check" only just into view, so the report starts below the fold.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.focus('::-p-xpath(//button[normalize-space(.)="Check"])');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="check-issuer"]');

    const lines = await page.$$eval('ul.report > li', (items) =>
      items.map((li) => ({
        testId: li.getAttribute('data-testid'),
        severity: li.getAttribute('data-severity'),
        verdict: li.querySelector('.verdict')?.textContent,
        icon: li.querySelector(':scope > svg')?.getAttribute('aria-hidden'),
      })),
    );
    const line = (testId: string, severity: string, verdict: string) => ({ testId, severity, verdict, icon: 'true' });
    expect.soft(lines, 'verdicts').toEqual([
      line('check-discovery', 'ok', 'OK:'),
      line('check-issuer', 'problem', 'Problem:'), // B2C's issuer differs from the authority
      line('check-endpoints', 'ok', 'OK:'),
      line('check-warning', 'warning', 'Warning:'),
      line('check-redirect', 'ok', 'OK:'),
      line('check-redirect-registered', 'ok', 'OK:'),
    ]);
    const announced = () => textOf(page, '[role="status"][data-testid="announcement"]');
    expect.soft(await announced(), 'summary').toBe('Check found 1 problem and 1 warning.');
    // The report is below the fold of this window: it came into view by itself.
    const placed = await page.$eval('[data-testid="check-result"]', (el) => ({
      top: el.getBoundingClientRect().top,
      scrolled: window.scrollY,
      height: window.innerHeight,
    }));
    expect.soft(placed.scrolled, 'scrolled').toBeGreaterThan(0);
    expect.soft(placed.top, 'report top').toBeGreaterThanOrEqual(-1); // sub-pixel rounding
    // At the top of the window, not just its edge inside the bottom (where "Check" left it).
    expect.soft(placed.top, 'report top').toBeLessThan(placed.height / 4);
    // URLs wrap between their parts: a break opportunity after each / and . of the discovery URL.
    expect
      .soft(await page.$$eval('[data-testid="check-discovery"] wbr', (breaks) => breaks.length), 'wbr')
      .toBeGreaterThanOrEqual(6);
    expect.soft(await page.$$eval('#authority-hint wbr', (breaks) => breaks.length), 'hint wbr').toBeGreaterThanOrEqual(6);
    expect.soft(await page.$('[data-testid="check-stale"]'), 'not stale yet').toBeNull();

    await page.click('::-p-text(Use this issuer)');
    expect.soft(await page.evaluate(() => document.activeElement?.id), 'focus').toBe('issuer');
    expect(await page.$eval('#issuer', (el) => (el as HTMLInputElement).value)).toBe(e2eIssuer);
    expect.soft(await announced(), 'issuer status').toBe(`Issuer set to ${e2eIssuer}.`);
    expect
      .soft(await textOf(page, '[data-testid="check-stale"]'), 'stale')
      .toBe('The fields changed since this check: check again.');

    // Checked again, the issuer line is ok and the report current; typing in any field makes it stale.
    await popupPage(page).click('Check');
    await page.waitForFunction(() => document.querySelector('[data-testid="check-issuer"]')?.textContent?.includes('matches'));
    expect.soft(await page.$('[data-testid="check-issuer"][data-severity="ok"]'), 'issuer ok').not.toBeNull();
    expect.soft(await page.$('[data-testid="check-stale"]'), 'current again').toBeNull();
    expect.soft(await announced(), 'summary again').toBe('Check found no problems and 1 warning.');
    await page.type('#scopes', ' profile');
    const stale = await page.waitForSelector('[data-testid="check-stale"]', { timeout: 2_000 }).catch(() => null);
    expect.soft(stale, 'stale after typing').not.toBeNull();
    await page.close();
  });
});
