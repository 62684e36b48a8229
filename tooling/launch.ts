import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer';
import { findBrowser } from './find-browser';
import { EXTENSION_ID } from '../server/local';

export interface LaunchedExtension {
  readonly browser: Browser;
  readonly extensionId: string;
  readonly origin: string;
  /** The extension's service worker, found again if it was restarted. */
  worker(): Promise<WebWorker>;
  /** Opens popup.html in a tab. */
  openPopupTab(): Promise<Page>;
  close(): Promise<void>;
}

/** Keep Chromium off the (closed) network; as root, Chromium also needs --no-sandbox. */
export const CHROMIUM_FLAGS = [
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ChromiumOptions {
  /** Headless unless false (a window for `npm start`). */
  readonly headless?: boolean;
  readonly userDataDir?: string;
  /** More command-line flags, after CHROMIUM_FLAGS. */
  readonly args?: readonly string[];
  /** Puppeteer's default flags to leave out. */
  readonly ignoreDefaultArgs?: readonly string[];
}

/** Chromium (the one findBrowser() finds) over a pipe, with CHROMIUM_FLAGS. */
export async function launchChromium({
  headless = true,
  userDataDir,
  args = [],
  ignoreDefaultArgs = [],
}: ChromiumOptions = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await findBrowser(),
    headless,
    pipe: true,
    ...(userDataDir ? { userDataDir } : {}),
    defaultViewport: headless ? undefined : null,
    ignoreDefaultArgs: [...ignoreDefaultArgs],
    args: [...CHROMIUM_FLAGS, ...args],
  });
}

const isExtensionWorker = (t: { type(): string; url(): string }) =>
  t.type() === 'service_worker' && t.url().startsWith('chrome-extension://');

/**
 * Launches Chromium (headless unless `headless: false`, for `npm start`) with the unpacked
 * extension in `dir` loaded, in a fresh profile, or in `userDataDir` (which close() then keeps,
 * so a test can start the browser again on the same profile). `args` are further Chromium flags
 * (e.g. `--lang=de`).
 */
export async function launchWithExtension(
  dir: string,
  {
    headless = true,
    userDataDir: profile,
    args = [],
  }: { headless?: boolean; userDataDir?: string; args?: readonly string[] } = {},
): Promise<LaunchedExtension> {
  const userDataDir = profile ?? (await mkdtemp(join(tmpdir(), 'b2c-e2e-')));
  const browser = await launchChromium({
    headless,
    userDataDir,
    ignoreDefaultArgs: ['--disable-extensions', ...(headless ? [] : ['--enable-automation'])],
    args: [...args, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const target = await browser.waitForTarget(isExtensionWorker, { timeout: 30_000 });
  const extensionId = new URL(target.url()).host;
  const origin = `chrome-extension://${extensionId}`;

  async function worker(): Promise<WebWorker> {
    const current = await browser.waitForTarget((t) => isExtensionWorker(t) && t.url().startsWith(origin), {
      timeout: 30_000,
    });
    const handle = await current.worker();
    if (!handle) throw new Error('The extension service worker has no handle');
    // A worker attached as it starts can be asked before Chromium has given it the extension API.
    for (let attempt = 1; ; attempt++) {
      const ready = await handle.evaluate(() => typeof chrome === 'object' && Boolean(chrome.runtime?.id)).catch(() => false);
      if (ready) return handle;
      if (attempt === 50) throw new Error('The extension service worker never got the extension API');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    browser,
    extensionId,
    origin,
    worker,
    async openPopupTab() {
      const page = await browser.newPage();
      await page.goto(`${origin}/popup.html`);
      await page.waitForSelector('[data-testid="popup"]:not([data-status="loading"])');
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!profile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A browser that `openPinnedPopup` opened, and how the popup shows: the action popup, or a small window. */
export interface OpenedPopup {
  readonly ext: LaunchedExtension;
  readonly shown: 'popup' | 'window';
}

/**
 * Chromium in a window with the unpacked extension in `dir` pinned to the toolbar and its action
 * popup open, as a person sees it (`npm start`, `npm run dev`); a popup-sized window if the popup
 * cannot open. Needs a display; the extension must carry the development key (its id is pinned).
 *
 * @throws Error when Chromium cannot be found or started.
 */
export async function openPinnedPopup(dir: string): Promise<OpenedPopup> {
  // A fresh profile whose preferences pin the extension (its id is fixed by the development key).
  const profile = await mkdtemp(join(tmpdir(), 'b2c-start-'));
  await mkdir(join(profile, 'Default'));
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { pinned_extensions: [EXTENSION_ID] } }));
  const ext = await launchWithExtension(dir, { headless: false, userDataDir: profile });
  // A dev build's worker is replaced once WXT's dev server connects: a worker that goes away
  // mid-call is asked again, as the one that replaced it.
  for (let attempt = 1; ; attempt++) {
    try {
      return { ext, shown: await showPopup(await ext.worker()) };
    } catch (err) {
      if (attempt === 3) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Opens the action popup, or the popup page in a small window where it cannot open. */
function showPopup(worker: WebWorker): Promise<OpenedPopup['shown']> {
  // action.openPopup() needs a focused browser window, which the first tab gives it.
  return worker.evaluate(async () => {
    try {
      await chrome.action.openPopup();
      return 'popup' as const;
    } catch {
      await chrome.windows.create({ url: '/popup.html', type: 'popup', width: 380, height: 620 });
      return 'window' as const;
    }
  });
}
