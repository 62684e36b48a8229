/**
 * `npm start`: the whole system on one machine. Starts the local B2C-compatible provider and the
 * reference API as the tenant's two APIs on IDP_PORT, API_PORT and SECOND_API_PORT, builds the
 * extension for them (both APIs, localBuildEnv), and opens Chromium with it when there is a display.
 * Ctrl-C stops everything.
 */
import { API_NAME, SECOND_API_NAME } from '../server/local';
import { runOrExplain } from '../server/startup';
import { buildExtension, extensionDir } from '../tooling/build-extension';
import { openPinnedPopup, type OpenedPopup } from '../tooling/launch';
import { describeLocalSystem, hasDisplay, localBuildEnv, startLocalServers, stopOnSignal } from '../tooling/local-system';

const OUT = extensionDir('production');

/** openPinnedPopup() where there is a display; undefined without one, or without a browser. */
async function openBrowser(): Promise<OpenedPopup | undefined> {
  if (!hasDisplay()) return undefined;
  return openPinnedPopup(OUT).catch((err: unknown) => {
    console.log(`\nCould not open a browser: ${(err as Error).message}`);
    return undefined;
  });
}

await runOrExplain(async () => {
  const servers = await startLocalServers();
  console.log('\nBuilding the extension for the local provider…');
  await buildExtension('production', localBuildEnv(servers), { show: true }).catch(async (err: unknown) => {
    await Promise.allSettled([servers.api.close(), servers.secondApi.close(), servers.idp.close()]);
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
     and "Sign up now"; once signed in, the popup offers "Call ${API_NAME}", "Call ${SECOND_API_NAME}",
     "Edit profile" and "Use another account".
Or run \`npm run demo\` for a headless walk-through with screenshots.`);
  }
  stopOnSignal(servers, async () => opened?.ext.close());
  opened?.ext.browser.on('disconnected', () => console.log('Chromium closed. The provider and API keep running until Ctrl-C.'));
});
console.log('\nPress Ctrl-C to stop.');
