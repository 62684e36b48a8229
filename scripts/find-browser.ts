import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Browser, computeExecutablePath, getInstalledBrowsers } from '@puppeteer/browsers';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Thrown when no browser can be found: one line that says how to get one. */
export class NoBrowserError extends Error {
  constructor() {
    super(
      'No Chromium or Chrome found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary.',
    );
    this.name = 'NoBrowserError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

async function puppeteerDownload(): Promise<string | undefined> {
  const cacheDir = process.env['PUPPETEER_CACHE_DIR'] ?? join(homedir(), '.cache', 'puppeteer');
  if (!existsSync(cacheDir)) return undefined;
  const installed = await getInstalledBrowsers({ cacheDir });
  const chrome = installed.find((b) => b.browser === Browser.CHROME || b.browser === Browser.CHROMIUM);
  if (!chrome) return undefined;
  const path = computeExecutablePath({ cacheDir, browser: chrome.browser, buildId: chrome.buildId });
  return existsSync(path) ? path : undefined;
}

/**
 * The browser for the e2e tests, in this order: PUPPETEER_EXECUTABLE_PATH, a browser Puppeteer
 * downloaded, then a system Chromium or Chrome.
 *
 * @throws NoBrowserError when there is none.
 */
export async function findBrowser(): Promise<string> {
  const fromEnv = process.env['PUPPETEER_EXECUTABLE_PATH'];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`PUPPETEER_EXECUTABLE_PATH is set to "${fromEnv}", which does not exist.`);
  }
  const downloaded = await puppeteerDownload();
  if (downloaded) return downloaded;
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return system;
  throw new NoBrowserError();
}
