/**
 * `npm run bench`: how fast the popup opens, the sign-in ends and the APIs answer, measured in the real
 * extension in headless Chromium against the local provider and the tenant's two APIs (started here, on
 * free ports; the build lists both, as `npm start`'s), over fresh profiles (15 unless `--profiles N`): p50
 * and p90 of each figure, the bundle sizes, and the issue's targets with pass or fail. See
 * docs/benchmarks.md for what each figure is.
 *
 * `npm run bench:call-api` (`bench.ts call-api`) measures only the calls (after a sign-in).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startApi } from '../server/api';
import { startIdp } from '../server/idp';
import { LOCAL_API_ROLES, type LocalApiRole } from '../server/api/config';
import { DEMO_USERS, SECOND_API_SCOPE } from '../server/local';
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
  return `${name.padEnd(21)}:${f('warm', s.warm)}${f('cold', s.cold)}${f('cold beside a page', s.coldKept)}${f('floor', s.floor)}${f('cold floor', s.floorCold)}${f('last step', s.signIn.lastStep)}${f('repeat', s.repeatSignIn?.lastStep)}${f('call', s.callFresh)}${f('at expiry', s.callAtExpiry)}${f('second API', s.secondApiFirst.took)}${f('again', s.secondApiRepeat)} ms`;
}

/** Each API's log lines, as the bench keeps them. */
interface ApiLogs {
  readonly first: string[];
  readonly second: string[];
}

/**
 * Each call of a profile was answered 200 by its API (two each), and two refresh grants were made: the second API's
 * token at its first call, and the first API's at expiry.
 */
function checkCalls(logs: { readonly [K in keyof ApiLogs]: readonly string[] }, refreshes: number): void {
  const answered = (lines: readonly string[]) => lines.filter((line) => /"path":"\/hello","status":200/.test(line)).length;
  const [first, second] = [answered(logs.first), answered(logs.second)];
  if (first !== 2 || second !== 2 || refreshes !== 2) {
    throw new Error(`${first} and ${second} of 2 calls to each API answered with 200, and ${refreshes} refresh grants, not 2`);
  }
}

/**
 * Profile 0 warms up the provider and the API (their first requests are the slowest) and is not
 * counted. A profile that fails (the machine is shared, and a step may time out) is told and run
 * again, up to MAX_FAILURES times in all.
 */
async function measureProfiles(count: number, options: ProfileOptions, logs: ApiLogs): Promise<ProfileSample[]> {
  const samples: ProfileSample[] = [];
  let failures = 0;
  for (let n = 0; n <= count;) {
    const logged = { first: logs.first.length, second: logs.second.length };
    const refreshed = options.idp.controls.stats().tokenRequests.refresh_token;
    const sample = await measureProfile(options).catch((err: unknown) => {
      if (!(err instanceof ProfileError) || ++failures > MAX_FAILURES) throw err;
      console.log(`profile ${n} failed at ${err.message}; once more in a fresh profile`);
      return undefined;
    });
    if (!sample) continue;
    checkCalls(
      { first: logs.first.slice(logged.first), second: logs.second.slice(logged.second) },
      options.idp.controls.stats().tokenRequests.refresh_token - refreshed,
    );
    console.log(progress(n, count, sample));
    if (n++ > 0) samples.push(sample);
  }
  return samples;
}

const callApiOnly = process.argv.includes('call-api');
const profiles = profileCount();
const idp = await startIdp({ port: 0, testControls: true });
const logs: ApiLogs = { first: [], second: [] };
/** The reference API in `role` on a free port, logging to `log`. */
const startRole = ({ audience, requiredScope }: LocalApiRole, log: string[]) =>
  startApi({ port: 0, issuer: idp.issuer, audience, requiredScope, authority: idp.authority, log: (line) => log.push(line) });
const api = await startRole(LOCAL_API_ROLES.first, logs.first);
const secondApi = await startRole(LOCAL_API_ROLES.second, logs.second);
try {
  const started = Date.now();
  console.log(`Building the extension for the provider on ${idp.origin} and the APIs on ${api.url} and ${secondApi.url}…`);
  // Its own mode (its own folder), built as for the store: the figures are the shipped code's.
  const dir = await buildExtension(
    'bench',
    localBuildEnv({ idp, api, secondApi: { url: secondApi.url, scope: SECOND_API_SCOPE } }),
  );
  const sizes = bundleSizes(dir);
  await writeFloorPage(
    dir,
    sizes.find((size) => size.name === 'popup')!,
  );
  const samples = await measureProfiles(profiles, { dir, idp, floorPath: FLOOR_PAGE, callApiOnly }, logs);
  console.log(`\n${report(samples, sizes).join('\n')}`);
  console.log(`\n(${profiles} profiles and the warm-up in ${((Date.now() - started) / 1000).toFixed(0)} s, with the build.)`);
} finally {
  await api.close();
  await secondApi.close();
  await idp.close();
}
