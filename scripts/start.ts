/**
 * `npm start`: the whole system on one machine. Starts the local B2C-compatible provider and the
 * reference API on IDP_PORT and API_PORT, builds the extension for them, and opens Chromium with
 * it when there is a display. Ctrl-C stops everything.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_ID } from '../server/local';
import { runOrExplain } from '../server/startup';
import { buildExtension, extensionDir } from '../tooling/build-extension';
import { launchWithExtension, type LaunchedExtension } from '../tooling/launch';
import { describeLocalSystem, hasDisplay, localBuildEnv, startLocalServers, stopOnSignal } from '../tooling/local-system';

const OUT = extensionDir('production');

/**
 * Chromium with the extension pinned to the toolbar and its action popup open, as a person sees
 * it; a popup-sized window if the popup cannot open. Undefined without a display or a browser.
 */
async function openBrowser(): Promise<{ ext: LaunchedExtension; shown: 'popup' | 'window' } | undefined> {
  if (!hasDisplay()) return undefined;
  try {
    // A fresh profile whose preferences pin the extension (its id is fixed by the development key).
    const profile = await mkdtemp(join(tmpdir(), 'b2c-start-'));
    await mkdir(join(profile, 'Default'));
    await writeFile(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ extensions: { pinned_extensions: [EXTENSION_ID] } }),
    );
    const ext = await launchWithExtension(OUT, { headless: false, userDataDir: profile });
    const worker = await ext.worker();
    // action.openPopup() needs a focused browser window, which the first tab gives it.
    const shown = await worker.evaluate(async () => {
      try {
        await chrome.action.openPopup();
        return 'popup' as const;
      } catch {
        await chrome.windows.create({ url: '/popup.html', type: 'popup', width: 380, height: 620 });
        return 'window' as const;
      }
    });
    return { ext, shown };
  } catch (err) {
    console.log(`\nCould not open a browser: ${(err as Error).message}`);
    return undefined;
  }
}

await runOrExplain(async () => {
  const servers = await startLocalServers();
  console.log('\nBuilding the extension for the local provider…');
  await buildExtension('production', localBuildEnv(servers), { show: true }).catch(async (err: unknown) => {
    await Promise.allSettled([servers.api.close(), servers.idp.close()]);
    throw err;
  });

  const opened = await openBrowser();
  console.log(`${describeLocalSystem(servers)}Extension (unpacked)           ${OUT}
`);
  if (opened) {
    console.log(
      opened.shown === 'popup'
        ? 'Chromium is open with the extension pinned to the toolbar and its popup open: click "Sign in". Click the toolbar icon to open the popup again.'
        : 'Chromium is open with the extension pinned to the toolbar, and its popup in a small window: click "Sign in". The toolbar icon opens it too.',
    );
  } else {
    console.log(`No display found, so no browser was opened. To try it by hand:
  1. Open chrome://extensions in Chrome or Chromium and turn on "Developer mode".
  2. Click "Load unpacked" and choose ${OUT}
  3. Click the extension's toolbar icon, then "Sign in". The provider's page also has "Forgot your password?"
     and "Sign up now"; once signed in, the popup offers "Edit profile" and "Use another account".
Or run \`npm run demo\` for a headless walk-through with screenshots.`);
  }
  stopOnSignal(servers, async () => opened?.ext.close());
  opened?.ext.browser.on('disconnected', () => console.log('Chromium closed. The provider and API keep running until Ctrl-C.'));
});
console.log('\nPress Ctrl-C to stop.');
