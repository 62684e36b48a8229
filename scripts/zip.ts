/**
 * `npm run zip` (Chrome Web Store and Edge Add-ons) and `npm run zip:firefox` (addons.mozilla.org,
 * with the sources zip AMO asks for): `wxt zip` with WXT_EXTENSION_KEY=store, because the stores
 * reject a manifest with `key` and assign the id themselves. The packages land in .output/.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { STORE_KEY } from '../build/manifest';

const ROOT = resolve(import.meta.dirname, '..');
const [target, ...rest] = process.argv.slice(2);
const firefox = target === 'firefox';
// Anything else (e.g. `--mode audit-store`) goes to wxt zip.
const args = ['zip', ...(firefox ? ['-b', 'firefox', '--mv3'] : target ? [target] : []), ...rest];
const code = await new Promise<number>((done) => {
  const child = spawn(resolve(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WXT_EXTENSION_KEY: STORE_KEY },
  });
  child.on('exit', (exitCode) => done(exitCode ?? 1));
});
process.exit(code);
