// Issue 18, item 2: host access follows the settings; what was granted for earlier settings goes when saved settings no longer need it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, e2eApiUrl, e2eAuthority } from './support/e2e-env';
import { launchFirefoxWithExtension, type LaunchedFirefoxExtension } from '../../tooling/launch-firefox';
import { popupPage } from './support/popup';
import { startServers, type Servers } from './support/system';

// Code passed to page.evaluate() runs in the extension's page, where Firefox has `browser`.
declare const browser: typeof chrome;

const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output', `firefox-mv3-${E2E.mode}`);

/** Two of the manifest's optional_host_permissions (build/manifest.ts); without a port, each covers every port. */
const LOOPBACK_IP = 'http://127.0.0.1/*';
const LOCALHOST = 'http://localhost/*';

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

/**
 * Asks for `patterns` with permissions.request from a real click in the extension's page, and
 * returns its answer ('true', or the error). Not the options page's "Allow access": that asks for
 * `http://127.0.0.1:<port>/*`, which Firefox refuses ("not declared in the manifest": the
 * optional pattern has no port).
 */
async function grantByClick(page: Page, patterns: readonly string[]): Promise<string | undefined> {
  await page.evaluate(
    (origins) => {
      const button = document.body.appendChild(document.createElement('button'));
      button.id = 'grant';
      button.textContent = 'Grant';
      button.addEventListener('click', () => {
        void browser.permissions.request({ origins }).then(
          (granted) => (button.dataset.granted = String(granted)),
          (err: unknown) => (button.dataset.granted = String(err)),
        );
      });
    },
    [...patterns],
  );
  await page.click('#grant');
  const answer = await page.waitForSelector('#grant[data-granted]');
  const granted = await answer!.evaluate((el) => (el as HTMLElement).dataset.granted);
  await answer!.evaluate((el) => el.remove());
  return granted;
}

async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.$eval(`#${id}`, (el) => {
    (el as HTMLInputElement).select();
  });
  await page.keyboard.press('Backspace');
  await page.type(`#${id}`, value);
}

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
  it("saving settings that no longer need a granted origin removes it; the new settings' origins and the manifest's stay", async () => {
    const page = await firefox.openTab('/options.html', '#apiUrl');
    const manifestOrigins = [`${new URL(e2eAuthority).origin}/*`, `${new URL(e2eApiUrl).origin}/*`];
    expect(await grantedOrigins(page)).toEqual(manifestOrigins.toSorted());

    expect(await grantByClick(page, [LOOPBACK_IP, LOCALHOST])).toBe('true');
    expect(await grantedOrigins(page)).toEqual([...manifestOrigins, LOOPBACK_IP, LOCALHOST].toSorted());

    // Settings that need both grants (the API on 127.0.0.1, the provider on localhost): nothing
    // goes. (With the grant, the CORS-less API is reachable, so Save asks for no access.)
    const noCorsUrl = `http://127.0.0.1:${(noCors.address() as AddressInfo).port}/hello`;
    expect(await saveApiUrl(page, noCorsUrl)).toBe('saved');
    expect(await grantedOrigins(page)).toEqual([...manifestOrigins, LOOPBACK_IP, LOCALHOST].toSorted());

    // The API back on localhost: 127.0.0.1 is needed no more.
    expect(await saveApiUrl(page, e2eApiUrl)).toBe('saved');
    expect(await grantedOrigins(page), `Firefox console:\n${firefox.consoleLog.join('\n')}`).toEqual(
      [...manifestOrigins, LOCALHOST].toSorted(),
    );
    await page.close();
  });
});
