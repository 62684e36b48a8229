import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer';

export type BrowserKind = 'chrome' | 'firefox';

const SYSTEM_BROWSERS: Record<BrowserKind, readonly string[]> = {
  chrome: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  firefox: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
};

const INSTALL_HINT: Record<BrowserKind, string> = {
  chrome:
    'No Chromium or Chrome found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary.',
  firefox:
    'No Firefox found for the Firefox end-to-end test. Install one (Debian: `sudo apt-get install -y firefox-esr`) or set FIREFOX_EXECUTABLE_PATH to a Firefox binary.',
};

/** Thrown when no browser can be found: one line that says how to get one. */
export class NoBrowserError extends Error {
  constructor(kind: BrowserKind) {
    super(INSTALL_HINT[kind]);
    this.name = 'NoBrowserError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

// Where Puppeteer's own download would be. It is absent when the download could not happen (no
// network for it, install scripts not run, PUPPETEER_SKIP_DOWNLOAD).
function puppeteerDownload(kind: BrowserKind): string | undefined {
  try {
    const path = puppeteer.executablePath({ browser: kind });
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The browser for the e2e tests, `npm start` and `npm run demo`, in this order: the variable
 * (PUPPETEER_EXECUTABLE_PATH, or FIREFOX_EXECUTABLE_PATH), a browser Puppeteer downloaded, then
 * the system's.
 *
 * @throws NoBrowserError when there is none.
 */
export async function findBrowser(kind: BrowserKind = 'chrome'): Promise<string> {
  const variable = kind === 'chrome' ? 'PUPPETEER_EXECUTABLE_PATH' : 'FIREFOX_EXECUTABLE_PATH';
  const fromEnv = process.env[variable];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`${variable} is set to "${fromEnv}", which does not exist.`);
  }
  const found = puppeteerDownload(kind) ?? SYSTEM_BROWSERS[kind].find((path) => existsSync(path));
  if (found) return found;
  throw new NoBrowserError(kind);
}
