/**
 * `npm start`: the whole system on one machine. Starts the local B2C-compatible provider and the
 * reference API, builds the extension for them, and opens Chromium with it when there is a
 * display. Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { launchWithExtension, type LaunchedExtension } from '../test/e2e/support/launch';
import { describeLocalSystem, hasDisplay, startLocalServers, stopOnSignal } from './local-system';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.output', 'chrome-mv3');

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Chromium with the extension, its popup open in a tab; undefined without a display or a browser. */
async function openBrowser(): Promise<LaunchedExtension | undefined> {
  if (!hasDisplay()) return undefined;
  try {
    const ext = await launchWithExtension(OUT, { headless: false });
    // Opened once the extension is loaded: a URL given on the command line comes too early.
    await ext.openPopupTab();
    for (const page of await ext.browser.pages()) if (page.url() === 'about:blank') await page.close();
    return ext;
  } catch (err) {
    console.log(`\nCould not open a browser: ${(err as Error).message}`);
    return undefined;
  }
}

const servers = await startLocalServers();

console.log('\nBuilding the extension for the local provider…');
await run(join(ROOT, 'node_modules', '.bin', 'wxt'), ['build']);

const browser = await openBrowser();
console.log(`${describeLocalSystem(servers)}Extension (unpacked)           ${OUT}
`);
if (browser) {
  console.log('Chromium is open with the extension loaded: click "Sign in" in the popup tab (or the toolbar icon).');
} else {
  console.log(`No display found, so no browser was opened. To try it by hand:
  1. Open chrome://extensions in Chrome or Chromium and turn on "Developer mode".
  2. Click "Load unpacked" and choose ${OUT}
  3. Click the extension's toolbar icon, then "Sign in". The provider's page also has "Forgot your password?"
     and "Sign up now"; once signed in, the popup offers "Edit profile" and "Use another account".
Or run \`npm run demo\` for a headless walk-through with screenshots.`);
}
console.log('\nPress Ctrl-C to stop.');

stopOnSignal(servers, async () => browser?.close());
browser?.browser.on('disconnected', () => console.log('Chromium closed. The provider and API keep running until Ctrl-C.'));
