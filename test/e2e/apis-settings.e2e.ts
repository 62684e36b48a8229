// Issue 21, item 1: several protected APIs in the settings. The options page edits the list: add,
// remove and reorder, by keyboard as well as by mouse; the list is saved and comes back in order.
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { axeViolations as violations } from './support/axe';
import { E2E, e2eApiUrl, e2eSettings } from './support/e2e-env';
import { fill, openOptions, saveOptions } from './support/options';
import { popupPage } from './support/popup';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.unconfiguredMode });

// On the API's origin, so that Save needs no other host access.
const SECOND_URL = e2eApiUrl.replace(/\/hello$/, '/second');

/** Each API row of the options page as its three inputs hold it, in order. */
const rows = (page: Page) =>
  page.$$eval('[data-testid="api-row"]', (items) =>
    items.map((item) => {
      const [name, url, scopes] = [...item.querySelectorAll('input')].map((input) => input.value);
      return { name, url, scopes };
    }),
  );
/** The id of the element with the focus, once it is `id` (or after 2 s, whatever it is then). */
const focusedId = async (page: Page, id: string) => {
  await page.waitForFunction((want) => document.activeElement?.id === want, { timeout: 2_000 }, id).catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id);
};
const announced = (page: Page) => page.$eval('[data-testid="announcement"]', (el) => el.textContent);
const savedSettings = async () => JSON.stringify(JSON.parse(await system.storageDump())[1]);

async function save(page: Page): Promise<void> {
  await popupPage(page).click('Save');
  await page.waitForSelector('[data-testid="saved"], [data-testid="problem"]');
  expect(await page.$eval('[data-testid="problem"]', (el) => el.textContent).catch(() => null)).toBeNull();
}

async function reopened(page: Page): Promise<Page> {
  await page.reload();
  await page.waitForSelector('#authority');
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#apiUrl')?.value !== '');
  return page;
}

describe('several APIs in the options page (issue 21)', () => {
  it('the one-API settings show as one row named "API", with the fields’ ids; saved as before', async () => {
    const page = await openOptions(system.ext);
    await saveOptions(page, e2eSettings);
    await reopened(page);
    expect(await rows(page)).toEqual([{ name: 'API', url: e2eApiUrl, scopes: E2E.apiScope }]);
    expect(await page.$eval('label[for="apiUrl"]', (el) => el.textContent)).toBe('API URL');
    // One API named "API" is the shorthand: no list is stored.
    expect(await savedSettings()).toContain(`"apiUrl":"${e2eApiUrl}"`);
    expect(await savedSettings()).not.toMatch(/"apis":"\[/);
    // Only one API: it cannot be moved or removed.
    for (const id of ['api-1-up', 'api-1-down', 'api-1-remove']) {
      expect(await page.$eval(`#${id}`, (el) => (el as HTMLButtonElement).disabled), id).toBe(true);
    }
    await page.close();
  });

  it('adds a second API, saves it, and finds both after a reload; moves it up and removes one, each saved', async () => {
    const page = await openOptions(system.ext);
    await page.click('::-p-text(Add an API)');
    // The new row's Name has the focus, and the live region says what happened.
    expect(await focusedId(page, 'api-2-name')).toBe('api-2-name');
    expect(await announced(page)).toBe('API 2 added.');
    await page.keyboard.type('Second API');
    await fill(page, 'api-2-url', SECOND_URL);
    await fill(page, 'api-2-scopes', 'https://fabrikam.onmicrosoft.com/second/read');
    await save(page);
    const second = { name: 'Second API', url: SECOND_URL, scopes: 'https://fabrikam.onmicrosoft.com/second/read' };
    const first = { name: 'API', url: e2eApiUrl, scopes: E2E.apiScope };
    expect(await savedSettings()).toContain('"apis":"[{\\"name\\":\\"API\\"');

    await reopened(page);
    expect(await rows(page)).toEqual([first, second]);
    expect(await violations(page), 'axe with two APIs').toEqual([]);

    // Moved up by keyboard: the focus follows the API (to "Move down", as it reached the top).
    await page.focus('#api-2-up');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#api-1-name')?.value === 'Second API');
    expect(await rows(page)).toEqual([second, first]);
    expect(await focusedId(page, 'api-1-down')).toBe('api-1-down');
    expect(await announced(page)).toBe('Second API is now API 1.');
    // The first API's inputs keep the one-API fields' ids.
    expect(await page.$eval('#apiUrl', (el) => (el as HTMLInputElement).value)).toBe(SECOND_URL);
    await save(page);
    await reopened(page);
    expect(await rows(page)).toEqual([second, first]);

    await page.click('#api-2-remove');
    expect(await rows(page)).toEqual([second]);
    expect(await focusedId(page, 'api-1-name')).toBe('api-1-name');
    expect(await announced(page)).toBe('API removed.');
    await save(page);
    await reopened(page);
    // One API, but not named "API": a list of one.
    expect(await rows(page)).toEqual([second]);
    expect(await savedSettings()).toContain('"apis":"[{\\"name\\":\\"Second API\\"');
    await page.close();
  });

  it('refuses a bad entry, naming it, and saves nothing', async () => {
    const page = await openOptions(system.ext);
    const before = await savedSettings();
    await page.click('::-p-text(Add an API)');
    await focusedId(page, 'api-2-name');
    await page.keyboard.type('Plain http');
    await fill(page, 'api-2-url', 'http://api.example.com/');
    await popupPage(page).click('Save');
    await page.waitForSelector('[data-testid="problem"]');
    expect(await page.$eval('[data-testid="problem"]', (el) => el.textContent)).toBe(
      'APIs, entry 2 (Plain http): "url" must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])',
    );
    expect(await savedSettings()).toBe(before);
    await page.close();
  });
});
