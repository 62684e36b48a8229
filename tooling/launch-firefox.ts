import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { findBrowser } from './find-browser';
import { FIREFOX_EXTENSION_ORIGIN, FIREFOX_EXTENSION_UUID } from '../server/local';

export interface LaunchedFirefoxExtension {
  readonly browser: Browser;
  /** moz-extension://<FIREFOX_EXTENSION_UUID>, the origin the provider and the API accept. */
  readonly origin: string;
  /**
   * What Firefox printed of the console of web pages and of the extension (its background
   * included), one line per message as in `console.warn: "Silent sign-in failed:" "..."`.
   */
  readonly consoleLog: readonly string[];
  /** Opens popup.html in a tab and waits until it has drawn the state. */
  openPopupTab(): Promise<Page>;
  /** Opens the add-on's page `path` (`/options.html`) in a tab and waits until `ready` (a selector) is in it. */
  openTab(path: string, ready: string): Promise<Page>;
  close(): Promise<void>;
}

const READY = '[data-testid="popup"]:not([data-status="loading"])';

/**
 * Launches Firefox headless over WebDriver BiDi with the built add-on in `dir` installed as a
 * temporary add-on, in a fresh profile that Puppeteer makes and removes (as root too: Firefox
 * needs no sandbox flag). Firefox differs from Chromium here:
 *
 * - Add-ons are installed after launch with `browser.installExtension` (BiDi webExtension.install);
 *   there is no command-line flag. A temporary add-on does not survive a browser restart.
 * - Each install gets a random UUID, and with it the moz-extension:// origin its requests carry.
 *   The preference `extensions.webextensions.uuids` pins it to FIREFOX_EXTENSION_UUID, the origin
 *   the provider's and the API's CORS lists hold by default.
 * - BiDi may open moz-extension:// pages only with `--remote-allow-system-access`. Without it,
 *   navigating fails with "Navigation to "moz-extension://…" is not allowed in this context".
 * - Even then Firefox never reports that navigation as finished: `page.goto` times out and
 *   `page.url()` stays about:blank. So the navigation is not awaited; the popup's own ready
 *   state is, and pages are told apart by what they hold, not by `url()`.
 * - The background is an event page that BiDi does not show as a target. Its console reaches
 *   stdout through the preference `devtools.console.stdout.content`, which fills `consoleLog`.
 * - The manifest's host_permissions are granted at install (Firefox 127 and later; the test
 *   checks it), so no preference or permission prompt is needed for the provider and the API.
 * - `identity.launchWebAuthFlow` first loads the URL without a window and opens one only if
 *   that does not end on the redirect URI: the provider sees each interactive authorization twice.
 *
 * `prefs` are further Firefox preferences, e.g. `extensions.webextOptionalPermissionPrompts: false`
 * (permissions.request grants optional permissions without a prompt).
 */
export async function launchFirefoxWithExtension(
  dir: string,
  { prefs = {} }: { prefs?: Readonly<Record<string, unknown>> } = {},
): Promise<LaunchedFirefoxExtension> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id`);

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: await findBrowser('firefox'),
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: FIREFOX_EXTENSION_UUID }),
      'devtools.console.stdout.content': true,
      ...prefs,
    },
  });
  const consoleLog: string[] = [];
  let rest = '';
  browser.process()?.stdout?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    consoleLog.push(...lines.filter((line) => line.startsWith('console.')));
  });
  try {
    const installed = await browser.installExtension(dir);
    if (installed !== id) throw new Error(`Firefox installed ${installed}, not ${id}`);
  } catch (err) {
    await browser.close();
    throw err;
  }

  async function openTab(path: string, ready: string): Promise<Page> {
    const page = await browser.newPage();
    // Never resolves (see above): it times out or fails with the page, and is ignored.
    page.goto(`${FIREFOX_EXTENSION_ORIGIN}${path}`).catch(() => undefined);
    // Polled with evaluate, not waitForSelector: while about:blank gives way to the add-on's
    // page, BiDi's script.evaluate can fail ("right-hand side of 'in' should be an object").
    for (const end = Date.now() + 15_000; ;) {
      const found = await page.evaluate((selector) => document.querySelector(selector) !== null, ready).catch(() => false);
      if (found) return page;
      if (Date.now() > end) throw new Error(`${path} did not show ${ready} within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    browser,
    origin: FIREFOX_EXTENSION_ORIGIN,
    consoleLog,
    openPopupTab: () => openTab('/popup.html', READY),
    openTab,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
