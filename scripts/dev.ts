/**
 * `npm run dev` / `npm run dev:firefox`: WXT's dev mode with the local provider and API running.
 * The dev build is configured for them (on the ports in use); editing the popup reloads it. With a
 * display, WXT opens the browser with the extension loaded; without one, it only builds and
 * watches, and this prints where to load the extension from. Ctrl-C stops everything.
 */
import { createServer } from 'wxt';
import { FIREFOX_EXTENSION_UUID, GECKO_ID } from '../server/local';
import { runOrExplain } from '../server/startup';
import { extensionDir } from '../tooling/build-extension';
import { findBrowser } from '../tooling/find-browser';
import { CHROMIUM_FLAGS } from '../tooling/launch';
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

const server = await createServer({
  browser,
  ...(browser === 'firefox' ? { manifestVersion: 3 } : {}),
  webExt: {
    disabled: !binary,
    ...(binary ? { binaries: { [browser]: binary } } : {}),
    chromiumArgs: CHROMIUM_FLAGS,
    // The local provider and API accept the pinned moz-extension:// origin (server/local.ts).
    firefoxPref: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }) },
  },
});
await server.start();

const out = extensionDir('development', browser);
console.log(describeLocalSystem(servers));
console.log(
  binary
    ? `${browser === 'firefox' ? 'Firefox' : 'Chromium'} is open with the dev build: edit entrypoints/popup and the popup reloads.`
    : `No ${open ? 'browser' : 'display'} found, so none was opened. Load the dev build by hand from ${out}
(${browser === 'firefox' ? 'about:debugging → This Firefox → Load Temporary Add-on, choosing its manifest.json' : 'chrome://extensions → Developer mode → Load unpacked'}). Edits rebuild it.`,
);
console.log('\nPress Ctrl-C to stop.');
stopOnSignal(servers, () => server.stop());
