/**
 * `npm run dev` / `npm run dev:firefox`: WXT's dev mode with the local provider and both APIs running.
 * The dev build is configured for them (on IDP_PORT, API_PORT and SECOND_API_PORT, with both APIs, as
 * `npm start`); editing the popup
 * reloads it (WXT's dev server, on port 3000 or the first free one of 3001–3010). With a display,
 * Chromium opens as with `npm start`: the extension pinned to the toolbar and its popup open
 * (Firefox: WXT opens it with the add-on loaded). Without one, it only builds and watches, and this
 * prints where to load the extension from. Ctrl-C stops everything.
 */
import { createServer } from 'wxt';
import { FIREFOX_EXTENSION_UUID, GECKO_ID } from '../server/local';
import { runOrExplain } from '../server/startup';
import { extensionDir } from '../tooling/build-extension';
import { findBrowser } from '../tooling/find-browser';
import { CHROMIUM_FLAGS, openPinnedPopup, type OpenedPopup } from '../tooling/launch';
import {
  describeLocalSystem,
  hasDisplay,
  localBuildEnv,
  startLocalServers,
  stopOnSignal,
  type LocalServers,
} from '../tooling/local-system';

const browser = process.argv[2] === 'firefox' ? 'firefox' : 'chrome';
let servers!: LocalServers;
await runOrExplain(async () => {
  servers = await startLocalServers();
});
// WXT reads the configuration from the environment first: the dev build is for these servers.
Object.assign(process.env, localBuildEnv(servers));
const open = hasDisplay();
const binary = open ? await findBrowser(browser).catch(() => undefined) : undefined;

// Chromium is opened here, as `npm start` opens it (pinned, popup open); WXT's runner opens Firefox.
const wxtOpens = Boolean(binary) && browser === 'firefox';
const server = await createServer({
  browser,
  ...(browser === 'firefox' ? { manifestVersion: 3 } : {}),
  webExt: {
    disabled: !wxtOpens,
    ...(binary ? { binaries: { [browser]: binary } } : {}),
    chromiumArgs: CHROMIUM_FLAGS,
    // The local provider and API accept the pinned moz-extension:// origin (server/local.ts).
    firefoxPref: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }) },
  },
});
await server.start();

const out = extensionDir('development', browser);
let opened: OpenedPopup | undefined;
if (binary && !wxtOpens) {
  opened = await openPinnedPopup(out).catch((err: unknown) => {
    console.log(`\nCould not open a browser: ${(err as Error).message}`);
    return undefined;
  });
}
console.log(describeLocalSystem(servers));
console.log(`WXT's dev server (reloads the extension on edits): ${server.origin}`);
console.log(
  opened || wxtOpens
    ? `${browser === 'firefox' ? 'Firefox' : 'Chromium'} is open with the dev build${opened ? `, pinned to the toolbar with its popup ${opened.shown === 'popup' ? 'open' : 'in a small window'}` : ''}: edit entrypoints/popup and the popup reloads.`
    : `No ${open ? 'browser' : 'display'} found, so none was opened. Load the dev build by hand from ${out}
(${browser === 'firefox' ? 'about:debugging → This Firefox → Load Temporary Add-on, choosing its manifest.json' : 'chrome://extensions → Developer mode → Load unpacked'}). Edits rebuild it.`,
);
console.log('\nPress Ctrl-C to stop.');
stopOnSignal(servers, async () => Promise.all([server.stop(), opened?.ext.close()]));
