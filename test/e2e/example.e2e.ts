import { generateKeyPairSync } from 'node:crypto';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, extensionIdOf, type ExampleBuild } from '../../tooling/build-example';
import { launchWithExtension, type LaunchedExtension } from '../../tooling/launch';
import { e2eSettings } from './support/e2e-env';
import { popupPage, submitLogin, waitForAuthWindow } from './support/popup';
import { ALICE, JWT_PATTERN, startServers, storageDump, type Servers } from './support/system';

/**
 * examples/plain (issue 20): a second extension, plain JavaScript bundled by esbuild, with
 * mv3-signin installed from its npm tarball. It has an id of its own (a key made here), which the
 * provider knows only as this test registers it: its redirect URI, and its origin for CORS.
 */
const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');
const extensionId = extensionIdOf(key);
const origin = `chrome-extension://${extensionId}`;

let built: ExampleBuild;
let servers: Servers;
let ext: LaunchedExtension;

beforeAll(async () => {
  built = await buildExample(e2eSettings, { key });
  servers = await startServers(() => undefined, {
    idp: { redirectUris: [`https://${extensionId}.chromiumapp.org/`], allowedOrigins: [origin] },
    api: { allowedOrigins: [origin] },
  });
  ext = await launchWithExtension(built.dir);
});

afterAll(async () => {
  await ext?.close();
  await servers?.api.close().catch(() => undefined);
  await servers?.idp.close();
});

/** The popup's text of the element `id` once it shows (`hidden` off and some text); the popup's error fails it at once. */
async function shown(page: Page, id: string): Promise<string> {
  const handle = await page.waitForSelector(`#${id}:not([hidden]):not(:empty), #error:not([hidden])`, { timeout: 20_000 });
  const { elementId, text } = await handle!.evaluate((el) => ({ elementId: el.id, text: el.textContent ?? '' }));
  if (elementId !== id) throw new Error(`The popup shows an error instead of #${id}: ${text}`);
  return text;
}

describe('the plain example extension (issue 20)', () => {
  it('is built from the packed tarball, with an id of its own', () => {
    expect(built.installedAt).toMatch(/examples[/\\]plain[/\\]node_modules[/\\]mv3-signin$/);
    expect(built.installedAt).not.toContain('packages');
    expect(ext.extensionId).toBe(extensionId);
  });

  it('signs in on the provider page, calls the API, shows errors as text and signs out; no token reaches the popup', async () => {
    const page = await ext.browser.newPage();
    await page.goto(`${origin}/popup.html`);
    const popup = popupPage(page);

    const authWindow = waitForAuthWindow(ext.browser, servers.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    expect(await shown(page, 'user-name')).toBe(ALICE.name);

    await popup.click('Call API');
    const answer = JSON.parse(await shown(page, 'api-result')) as { name: string; subject: string };
    expect(answer).toMatchObject({ name: ALICE.name, subject: ALICE.oid });
    // The worker holds the tokens; the popup's page never sees one.
    expect(await storageDump(ext)).toMatch(JWT_PATTERN);
    expect(await page.content()).not.toMatch(JWT_PATTERN);
    expect(await page.evaluate(() => document.body.dataset.status)).toBe('signed-in');

    // A failure is shown as text, in the words of mv3-signin/en.
    await servers.api.close();
    await popup.click('Call API');
    const error = await page.waitForSelector('#error:not([hidden])');
    expect(await error!.evaluate((el) => el.textContent)).toMatch(/could not be reached/);
    expect(await error!.evaluate((el) => el.children.length)).toBe(0);

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    expect(await page.$eval('#user', (el) => el.hasAttribute('hidden'))).toBe(true);
    expect(await storageDump(ext)).not.toMatch(JWT_PATTERN);
    expect(await page.content()).not.toMatch(JWT_PATTERN);
  });
});
