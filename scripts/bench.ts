/**
 * `npm run bench`: how fast the popup opens and the sign-in ends, measured in the real extension in
 * headless Chromium against the local provider and API (started here, on free ports), over fresh
 * profiles (15 unless `--profiles N`): p50 and p90 of each figure, the bundle sizes, and the
 * issue's targets with pass or fail. See docs/benchmarks.md for what each figure is.
 *
 * `npm run bench:call-api` (`bench.ts call-api`) measures only "Call API" (after a sign-in).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApi } from '../server/api';
import { startIdp } from '../server/idp';
import { API_APP_ID, DEMO_USERS } from '../server/local';
import { buildExtension } from '../tooling/build-extension';
import { localBuildEnv } from '../tooling/local-system';
import { measureProfile, ProfileError, type ProfileOptions, type ProfileSample } from './bench-profile';
import { report } from './bench-report';
import { bundleSizes, type BundleSize } from './bundle-size';

const FLOOR_PAGE = 'bench-floor.html';
const FLOOR_SCRIPT = 'bench-floor.js';
const MAX_FAILURES = 3;

function profileCount(): number {
  const at = process.argv.indexOf('--profiles');
  const count = at === -1 ? 15 : Number(process.argv[at + 1]);
  if (!Number.isInteger(count) || count < 1) throw new Error('--profiles takes a whole number of profiles, e.g. --profiles 15');
  return count;
}

/**
 * Writes the floor into the built extension: popup.html with its scripts swapped for one of the same
 * bytes (a padding comment makes up the rest) that renders a fixed name at once, with the same CSS.
 */
async function writeFloorPage(dir: string, popup: BundleSize): Promise<void> {
  const html = await readFile(join(dir, 'popup.html'), 'utf8');
  const scripts = await Promise.all(popup.files.map((file) => stat(join(dir, file))));
  const popupBytes = Buffer.byteLength(html) + scripts.reduce((sum, file) => sum + file.size, 0);
  const floorHtml = html
    .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
    .replace(/<script type="module"[^>]*><\/script>/, `<script type="module" crossorigin src="/${FLOOR_SCRIPT}"></script>`);
  const render = `document.getElementById('app').innerHTML = '<main class="popup" data-testid="popup" data-status="signed-in"><h1>B2C Sign-in</h1><section><p>Signed in as <strong data-testid="user-name">${DEMO_USERS[0]!.name}</strong></p></section></main>';\n`;
  const padding = popupBytes - Buffer.byteLength(floorHtml) - Buffer.byteLength(render) - 4;
  await writeFile(join(dir, FLOOR_PAGE), floorHtml);
  await writeFile(join(dir, FLOOR_SCRIPT), `${render}/*${'x'.repeat(Math.max(0, padding))}*/`);
}

function progress(n: number, of: number, s: ProfileSample): string {
  const f = (label: string, value: number | readonly number[] | undefined) =>
    value === undefined
      ? ''
      : `  ${label} ${[value]
          .flat()
          .map((v) => v.toFixed(0))
          .join('/')}`;
  const name = n === 0 ? 'warm-up (not counted)' : `profile ${String(n).padStart(2)}/${of}`;
  return `${name.padEnd(21)}:${f('warm', s.warm)}${f('cold', s.cold)}${f('cold beside a page', s.coldKept)}${f('floor', s.floor)}${f('cold floor', s.floorCold)}${f('last step', s.signIn.lastStep)}${f('repeat', s.repeatSignIn?.lastStep)}${f('call', s.callFresh)}${f('at expiry', s.callAtExpiry)} ms`;
}

/** Each "Call API" of a profile was answered 200 by the API, and the call at expiry made one refresh grant. */
function checkCalls(apiLines: readonly string[], refreshes: number): void {
  const answered = apiLines.filter((line) => /"path":"\/hello","status":200/.test(line)).length;
  if (answered !== 2 || refreshes !== 1) {
    throw new Error(`${answered} of 2 calls answered with 200, and ${refreshes} refresh grants, not 1`);
  }
}

/**
 * Profile 0 warms up the provider and the API (their first requests are the slowest) and is not
 * counted. A profile that fails (the machine is shared, and a step may time out) is told and run
 * again, up to MAX_FAILURES times in all.
 */
async function measureProfiles(count: number, options: ProfileOptions, api: { log: string[] }): Promise<ProfileSample[]> {
  const samples: ProfileSample[] = [];
  let failures = 0;
  for (let n = 0; n <= count;) {
    const logged = api.log.length;
    const refreshed = options.idp.controls.stats().tokenRequests.refresh_token;
    const sample = await measureProfile(options).catch((err: unknown) => {
      if (!(err instanceof ProfileError) || ++failures > MAX_FAILURES) throw err;
      console.log(`profile ${n} failed at ${err.message}; once more in a fresh profile`);
      return undefined;
    });
    if (!sample) continue;
    checkCalls(api.log.slice(logged), options.idp.controls.stats().tokenRequests.refresh_token - refreshed);
    console.log(progress(n, count, sample));
    if (n++ > 0) samples.push(sample);
  }
  return samples;
}

const callApiOnly = process.argv.includes('call-api');
const profiles = profileCount();
const idp = await startIdp({ port: 0, testControls: true });
const apiLog: string[] = [];
const api = await startApi({
  port: 0,
  issuer: idp.issuer,
  audience: API_APP_ID,
  authority: idp.authority,
  log: (line) => apiLog.push(line),
});
try {
  const started = Date.now();
  console.log(`Building the extension for the provider on ${idp.origin} and the API on ${api.url}…`);
  // Its own mode (its own folder), built as for the store: the figures are the shipped code's.
  const dir = await buildExtension('bench', localBuildEnv({ idp, api }));
  const sizes = bundleSizes(dir);
  await writeFloorPage(
    dir,
    sizes.find((size) => size.name === 'popup')!,
  );
  const samples = await measureProfiles(profiles, { dir, idp, floorPath: FLOOR_PAGE, callApiOnly }, { log: apiLog });
  console.log(`\n${report(samples, sizes).join('\n')}`);
  console.log(`\n(${profiles} profiles and the warm-up in ${((Date.now() - started) / 1000).toFixed(0)} s, with the build.)`);
} finally {
  await api.close();
  await idp.close();
}
