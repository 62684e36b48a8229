// Issue 18, item 2: host access follows the settings; what was granted for earlier settings goes when saved settings no longer need it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, e2eApiUrl, e2eAuthority } from './support/e2e-env';
import { launchFirefoxWithExtension, type LaunchedFirefoxExtension } from '../../tooling/launch-firefox';
import { fill } from './support/options';
import { popupPage } from './support/popup';
import { startServers, type Servers } from './support/system';

// Code passed to page.evaluate() runs in the extension's page, where Firefox has `browser`.
declare const browser: typeof chrome;

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output', `firefox-mv3-${E2E.mode}`);

/** One of the manifest's optional_host_permissions (build/manifest.ts); without a port, it covers every port. */
const LOOPBACK_IP = 'http://127.0.0.1/*';

let servers: Servers;
let noCors: Server;
let firefox: LaunchedFirefoxExtension;

beforeAll(async () => {
  servers = await startServers();
  // An API on 127.0.0.1 that sends no CORS headers: the e2e build's host permissions name
  // localhost only, so the extension reaches it only with a granted one.
  noCors = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((done) => noCors.listen(0, '127.0.0.1', done));
  // Firefox then grants what permissions.request asks for in a click handler without a prompt,
  // which Puppeteer could not answer (nor Chrome's: puppeteer#5054).
  firefox = await launchFirefoxWithExtension(EXTENSION_DIR, { prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
});

afterAll(async () => {
  await firefox?.close();
  await new Promise((done) => noCors?.close(done));
  await servers?.api.close();
  await servers?.idp.close();
});

/** The options page's "Save" with another API URL; waits for its outcome. */
async function saveApiUrl(page: Page, apiUrl: string): Promise<string> {
  // So that the wait below sees this Save's outcome, not the one before.
  await page.evaluate(() => document.querySelector('[data-testid="saved"]')?.remove());
  await fill(page, 'apiUrl', apiUrl);
  await popupPage(page).click('Save');
  const outcome = await page.waitForSelector('[data-testid="saved"], [data-testid="problem"], [data-testid="needs-access"]');
  return (await outcome!.evaluate((el) => el.getAttribute('data-testid'))) ?? '';
}

const grantedOrigins = async (page: Page) =>
  (await page.evaluate(async () => (await browser.permissions.getAll()).origins ?? [])).toSorted();

describe('host access follows the settings (issue 18)', () => {
  it('an origin granted with the options page\'s "Allow access" goes when saved settings no longer need it; the manifest\'s stay', async () => {
    const page = await firefox.openTab('/options.html', '#apiUrl');
    const manifestOrigins = [`${new URL(e2eAuthority).origin}/*`, `${new URL(e2eApiUrl).origin}/*`];
    expect(await grantedOrigins(page)).toEqual(manifestOrigins.toSorted());

    // An API on 127.0.0.1 that sends no CORS headers: Save asks for access, and the user allows it.
    const noCorsUrl = `http://127.0.0.1:${(noCors.address() as AddressInfo).port}/hello`;
    expect(await saveApiUrl(page, noCorsUrl)).toBe('needs-access');
    await page.click('[data-testid="needs-access"] button');
    await page.waitForSelector('[data-testid="saved"]');
    expect(await grantedOrigins(page)).toEqual([...manifestOrigins, LOOPBACK_IP].toSorted());

    // The API back on localhost: 127.0.0.1 is needed no more, and goes.
    expect(await saveApiUrl(page, e2eApiUrl)).toBe('saved');
    expect(await grantedOrigins(page), `Firefox console:\n${firefox.consoleLog.join('\n')}`).toEqual(manifestOrigins.toSorted());
    await page.close();
  });
});
