/**
 * `npm run zip` (Chrome Web Store and Edge Add-ons) and `npm run zip:firefox` (addons.mozilla.org,
 * with the sources zip AMO asks for): `wxt zip --mode store` with WXT_EXTENSION_KEY=store, because
 * the stores reject a manifest with `key` and assign the id themselves. The build goes to
 * .output/<browser>-mv3-store and the packages to .output/*-store.zip, so the unpacked
 * .output/chrome-mv3 (with the development key, and with it the registered redirect URI) is never
 * touched. A package for the local provider (a loopback authority, issuer or API URL: no tenant set
 * in .env.local or the environment) is refused unless `--local` is given.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { STORE_KEY, STORE_PACKAGE_VARIABLE, type BuildOptionsEnv } from '../build/manifest';

const ROOT = resolve(import.meta.dirname, '..');
/** The mode of a store package: WXT builds it into .output/<browser>-mv3-store. */
const STORE_MODE = 'store';

/** `wxt zip`'s arguments and whether `--local` was given, from this script's arguments. */
function zipArguments(argv: readonly string[]): { args: string[]; local: boolean } {
  const [target, ...rest] = argv;
  const firefox = target === 'firefox';
  const others = [...(firefox ? [] : target ? [target] : []), ...rest];
  const local = others.includes('--local');
  // Anything else (e.g. `--mode audit-store`) goes to wxt zip.
  const passed = others.filter((arg) => arg !== '--local');
  const mode = passed.some((arg) => arg === '--mode' || arg === '-m' || arg.startsWith('--mode=')) ? [] : ['--mode', STORE_MODE];
  return { args: ['zip', ...(firefox ? ['-b', 'firefox', '--mv3'] : []), ...mode, ...passed], local };
}

const { args, local } = zipArguments(process.argv.slice(2));
const code = await new Promise<number>((done) => {
  const child = spawn(resolve(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      // The code as it ships: WXT would set NODE_ENV to the mode (`store`), and Preact's devtools hook with it.
      NODE_ENV: 'production',
      ...({ WXT_EXTENSION_KEY: STORE_KEY } satisfies BuildOptionsEnv),
      [STORE_PACKAGE_VARIABLE]: local ? '' : '1',
    },
  });
  child.on('exit', (exitCode) => done(exitCode ?? 1));
});
process.exit(code);
