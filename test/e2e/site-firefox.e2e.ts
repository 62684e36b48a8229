// Issue 21, item 5 in Firefox: "Show on <origin>" asks for the site in the click (Firefox refuses permissions.request
// outside a user's input handler, so a toggle that awaited anything first would fail here), the content script shows
// the user's data on the API's demo page, a hostile page script cannot make it fetch another origin or another path
// prefix (the hostile path table), and a tab whose site was turned off is refused. (test/e2e/site.e2e.ts has the rest,
// in Chromium: CDP reaches the content script's world there.)
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, e2eApiUrl } from './support/e2e-env';
import { englishUserMessage } from './support/english';
import { isChecked } from './support/options';
import { popupPage, submitLogin, waitForAuthWindow } from './support/popup';
import {
  apiCalls,
  pageAsks,
  servedText,
  shown,
  askPathCases,
  startEvilServer,
  toggleSite,
  type EvilServer,
} from './support/site';
import { ALICE, startServers, type Servers } from './support/system';
import { launchFirefoxWithExtension, type LaunchedFirefoxExtension } from '../../tooling/launch-firefox';

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output', `firefox-mv3-${E2E.mode}`);
const API = 'API';
const apiOrigin = new URL(e2eApiUrl).origin;

let servers: Servers;
let firefox: LaunchedFirefoxExtension;
let evil: EvilServer;
let served: string;
const apiLog: string[] = [];

beforeAll(async () => {
  servers = await startServers((line) => apiLog.push(line));
  evil = await startEvilServer();
  served = await servedText(apiOrigin);
  // permissions.request then grants what it may without a prompt (which Puppeteer could not answer), but still only
  // within a user's input handler.
  firefox = await launchFirefoxWithExtension(EXTENSION_DIR, { prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
});

afterAll(async () => {
  await firefox?.close();
  await evil?.close();
  await servers?.api.close();
  await servers?.idp.close();
});

const firefoxLog = () => `Firefox console:\n${firefox.consoleLog.join('\n')}`;

async function openDemoPage(): Promise<Page> {
  const page = await firefox.browser.newPage();
  await page.goto(`${apiOrigin}/`);
  return page;
}

async function showOnApiOrigin(on: boolean): Promise<void> {
  const page = await firefox.openTab('/options.html', '[data-testid="sites"]');
  await toggleSite(page, API, apiOrigin, on);
  expect(await isChecked(page, `Show on ${apiOrigin}`)).toBe(on);
  await page.close();
}

describe('the content script on the API’s demo page, in Firefox (issue 21)', () => {
  it('"Show on <origin>" asks in the click; then the page shows the signed-in user’s data', async () => {
    const popup = popupPage(await firefox.openPopupTab());
    const authWindow = waitForAuthWindow(firefox.browser, servers.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    await popup.page.close();

    await showOnApiOrigin(true);
    const page = await openDemoPage();
    const text = await shown(page, served).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${firefoxLog()}`);
    });
    expect(JSON.parse(text)).toMatchObject({ name: ALICE.name, subject: ALICE.oid });
    await page.close();
  });

  it('a hostile page cannot make it fetch another origin or another path prefix (the hostile path table)', async () => {
    const logFrom = apiLog.length;
    const { tabs, cases } = await askPathCases(openDemoPage, served, evil);
    const calls = apiCalls(apiLog, logFrom);
    expect(calls).toHaveLength(tabs + cases.filter(({ allowed }) => allowed).length);
    for (const { path } of calls) expect(path === '/hello' || path?.startsWith('/hello/'), path ?? '').toBe(true);
  });

  it('turned off while a tab is open: that tab’s next call is refused', async () => {
    const open = await openDemoPage();
    expect(JSON.parse(await shown(open, served))).toMatchObject({ name: ALICE.name });
    await showOnApiOrigin(false);
    const logFrom = apiLog.length;
    expect(await pageAsks(open, { path: '/hello' })).toBe(englishUserMessage('site_not_allowed'));
    expect(apiCalls(apiLog, logFrom)).toEqual([]);
    await open.close();
  });
});
