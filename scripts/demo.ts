/**
 * `npm run demo`: a headless walk-through for a machine without a display. Starts the local
 * B2C-compatible provider and the reference API as the tenant's two APIs in this process on IDP_PORT,
 * API_PORT and SECOND_API_PORT (default 5280, 5281 and 5282, as `npm start`), builds the extension for
 * them into .output/chrome-mv3-demo (the unpacked build of `npm start`, .output/chrome-mv3, is left
 * alone), then signs in, calls both APIs and signs out through the real popup in headless Chromium,
 * printing each step and saving a screenshot of each state under docs/ (light, and dark for the
 * README's).
 * Set DEBUG=1 to see stacks and the build's output when something fails.
 */
import { join, relative, resolve } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer';
import { API_NAME, DEMO_USERS, SECOND_API_NAME } from '../server/local';
import { StartupError } from '../server/startup';
import { BuildError, buildExtension, extensionDir } from '../tooling/build-extension';
import { launchWithExtension } from '../tooling/launch';
import { localBuildEnv, localPorts, startLocalServers, type LocalServers } from '../tooling/local-system';
import { popupPage, waitForAuthWindow, type PopupPage } from '../tooling/popup';

const ROOT = resolve(import.meta.dirname, '..');
// A mode of its own: the demo's build is for its servers, and never replaces `npm start`'s.
const MODE = 'demo';
const OUT = extensionDir(MODE);
const DOCS = join(ROOT, 'docs');
const TIMEOUT_MS = 90_000;
const USER = DEMO_USERS[0]!;
const DEBUG = Boolean(process.env['DEBUG']);

/** A failure whose message is already the one sentence to print. */
class DemoError extends Error {
  override name = 'DemoError';
}

const written: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let step = 0;

function say(text: string): void {
  step += 1;
  console.log(`${step}. ${text}`);
}

async function cleanUp(): Promise<void> {
  // Last started, first closed: the browser, then the API, then the provider.
  for (const close of cleanups.splice(0).reverse()) await close().catch(() => undefined);
}

async function startServers(): Promise<LocalServers> {
  const servers = await startLocalServers({ log: () => undefined });
  cleanups.push(
    () => servers.idp.close(),
    () => servers.api.close(),
    () => servers.secondApi.close(),
  );
  console.log(
    `   provider   ${servers.idp.authority}\n   ${API_NAME.padEnd(10)} ${servers.api.url}\n   ${SECOND_API_NAME.padEnd(10)} ${servers.secondApi.url}`,
  );
  return servers;
}

/** The real `wxt build` into .output/chrome-mv3-demo, pinned to the local system even if .env.local points elsewhere. */
async function build(servers: LocalServers): Promise<void> {
  try {
    await buildExtension(MODE, localBuildEnv(servers));
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    if (DEBUG) console.error(err.output);
    throw new DemoError(`${err.message.split(':\n')[0]}; run \`npm run build\` to see why.`);
  }
}

async function save(name: string, shoot: (path: string) => Promise<unknown>): Promise<void> {
  const path = join(DOCS, name);
  await shoot(path);
  written.push(path);
  console.log(`   saved ${relative(ROOT, path)}`);
}

/**
 * A tight screenshot of the popup's <main>, as in the toolbar popup, as `name`.png; with `dark`, also in the dark
 * colour scheme as `name`-dark.png.
 */
async function shootPopup(popup: PopupPage, name: string, { dark = false } = {}): Promise<void> {
  // Wait until the state has settled: not busy, and no button still disabled from the last click.
  await popup.page.waitForSelector('[data-testid="popup"]:not([data-status="busy"]):not([data-status="loading"])');
  await popup.page.waitForFunction(() => Array.from(document.querySelectorAll('button')).every((b) => !b.disabled));
  const main = (await popup.page.$('main')) as ElementHandle<HTMLElement>;
  await save(`${name}.png`, (path) => main.screenshot({ path: path, captureBeyondViewport: true }));
  if (!dark) return;
  await popup.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  await save(`${name}-dark.png`, (path) => main.screenshot({ path: path, captureBeyondViewport: true }));
  await popup.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

async function fillLogin(page: Page): Promise<void> {
  await page.setViewport({ width: 480, height: 540 });
  await page.waitForSelector('#signInName', { visible: true });
  await page.type('#signInName', USER.email);
  await page.type('#password', USER.password);
  // No caret or focus ring in the screenshot.
  await page.$eval('#password', (el) => (el as HTMLElement).blur());
}

async function walkThrough(idpOrigin: string): Promise<void> {
  say('Launching headless Chromium with the extension…');
  const ext = await launchWithExtension(OUT);
  cleanups.push(() => ext.close());
  const tab = await ext.openPopupTab();
  await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await tab.setViewport({ width: 380, height: 600 });
  const popup = popupPage(tab);
  await shootPopup(popup, 'popup-signed-out', { dark: true });

  say(`Clicking "Sign in" and signing in as ${USER.email} (password ${USER.password}: public demo data, see server/local.ts)…`);
  const authWindow = waitForAuthWindow(ext.browser, idpOrigin);
  await popup.click('Sign in');
  const login = await authWindow;
  await fillLogin(login);
  await save('provider-login.png', (path) => login.screenshot({ path: path, fullPage: true, captureBeyondViewport: true }));
  await login.click('#next');
  console.log(`   signed in; the popup shows "${await popup.userName()}"`);
  await shootPopup(popup, 'popup-signed-in', { dark: true });

  say(`Clicking "Call ${API_NAME}" (the sign-in's token is for it)…`);
  await popup.click(`Call ${API_NAME}`);
  console.log(`   ${API_NAME} answered:\n${(await popup.apiResultOf(API_NAME)).text.replace(/^/gm, '     ')}`);
  await shootPopup(popup, 'popup-api-result', { dark: true });

  say(`Clicking "Call ${SECOND_API_NAME}" (its own token, obtained with no window)…`);
  await popup.click(`Call ${SECOND_API_NAME}`);
  console.log(`   ${SECOND_API_NAME} answered:\n${(await popup.apiResultOf(SECOND_API_NAME)).text.replace(/^/gm, '     ')}`);

  say('Clicking "Sign out"…');
  await popup.click('Sign out');
  await popup.waitForButton('Sign in');
  console.log('   signed out; the popup offers "Sign in" again');
  await shootPopup(popup, 'popup-signed-out-again');
}

async function main(): Promise<void> {
  const ports = localPorts();
  say(
    `Starting the local provider (port ${ports.idp}, IDP_PORT) and the APIs (ports ${ports.api} and ${ports.secondApi}, API_PORT and SECOND_API_PORT)…`,
  );
  const servers = await startServers();
  say(`Building the extension with \`wxt build\` into ${relative(ROOT, OUT)}…`);
  await build(servers);
  await walkThrough(servers.idp.origin);
  console.log(`\nDone. Files written:\n${written.map((path) => `  ${relative(ROOT, path)}`).join('\n')}`);
}

function report(err: unknown): void {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  const sentence = err instanceof DemoError || err instanceof StartupError;
  console.error(sentence ? `\nDemo failed: ${message}` : `\nDemo failed at step ${step}: ${message}`);
  if (DEBUG && err instanceof Error && !sentence) console.error(err.stack);
}

async function stop(exitCode: number, why?: string): Promise<never> {
  if (why) console.error(`\n${why}`);
  await Promise.race([cleanUp(), new Promise((r) => setTimeout(r, 5_000))]);
  process.exit(exitCode);
}

const hardStop = setTimeout(
  () => void stop(1, `Demo failed: it took longer than ${TIMEOUT_MS / 1000} s and was stopped (at step ${step}).`),
  TIMEOUT_MS,
);
process.once('SIGINT', () => void stop(130, 'Interrupted.'));
try {
  await main();
  process.exitCode = 0;
} catch (err) {
  report(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(hardStop);
}
