/**
 * Builds examples/plain, the plain MV3 extension (no WXT, no Preact) that uses mv3-signin as any
 * other project would: from the package's npm tarball, never from packages/mv3-signin/src.
 *
 * 1. `npm pack` of packages/mv3-signin, whose `prepack` compiles dist/: in a copy of the package
 *    in a temporary folder (its node_modules linked to the root's, for tsc and oauth4webapi's
 *    types), so the build writes nothing into packages/ (no race with a build or test there)
 *    and the tarball holds only what src/ compiles to now.
 * 2. `npm install <tarball>` in examples/plain, a project of its own (not a workspace), so the
 *    copy in examples/plain/node_modules/mv3-signin is what resolves, not the workspace's link.
 *    `--omit=dev` leaves out the example's esbuild (the root's is used), and `--prefer-offline`
 *    takes oauth4webapi, the tarball's one dependency, from npm's cache, where the root's
 *    `npm ci` put the same version: the registry is asked only when the cache does not have it.
 * 3. `node build.js` in examples/plain: esbuild with its default conditions (not `source`), so
 *    it bundles the tarball's compiled dist/ JavaScript. The bundle's path comments show it.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdtemp, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

import { FIELD_NAMES, type SettingsValues } from 'mv3-signin/settings';
import { buildVariable } from '../lib/build-settings';
const ROOT = resolve(import.meta.dirname, '..');
export const PACKAGE_DIR = resolve(ROOT, 'packages/mv3-signin');
export const EXAMPLE_DIR = resolve(ROOT, 'examples/plain');
export const EXAMPLE_DIST = resolve(EXAMPLE_DIR, 'dist');
const STEP_TIMEOUT_MS = 120_000;

/** The example's settings: what `createSignIn({ settings })` receives. */
export type ExampleSettings = SettingsValues;

export interface ExampleBuild {
  /** The unpacked extension (examples/plain/dist). */
  readonly dir: string;
  /** The installed copy of the package, as its real path (not a link into packages/). */
  readonly installedAt: string;
  readonly version: string;
}

/** A step that failed, with what it printed. */
export class ExampleBuildError extends Error {
  constructor(message: string, output: string) {
    super(output ? `${message}:\n${output.slice(-4000)}` : message);
    this.name = 'ExampleBuildError';
  }
}

/**
 * The Chromium extension id a manifest `key` gives: the first 32 hex digits of the SHA-256 of the
 * DER public key, each written with the letters a–p.
 */
export function extensionIdOf(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/**
 * Packs mv3-signin, installs the tarball into examples/plain and builds the example into
 * examples/plain/dist with `settings` (and `key` as the manifest's key, for a fixed id).
 *
 * @throws ExampleBuildError when a step fails, or the bundle did not come from the installed tarball.
 */
export async function buildExample(settings: ExampleSettings, { key }: { key?: string } = {}): Promise<ExampleBuild> {
  const packDir = await mkdtemp(join(tmpdir(), 'mv3-signin-pack-'));
  try {
    const copy = join(packDir, 'mv3-signin');
    const left = new Set([join(PACKAGE_DIR, 'node_modules'), join(PACKAGE_DIR, 'dist')]);
    await cp(PACKAGE_DIR, copy, { recursive: true, filter: (path) => !left.has(path) });
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'junction');
    const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], copy);
    const [{ filename }] = JSON.parse(packed.slice(packed.indexOf('['))) as [{ filename: string }];
    const tarball = join(packDir, filename);

    await rm(join(EXAMPLE_DIR, 'node_modules'), { recursive: true, force: true });
    await run(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--omit=dev',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      EXAMPLE_DIR,
    );
    const installed = join(EXAMPLE_DIR, 'node_modules', 'mv3-signin');
    const installedAt = await realpath(installed);
    if ((await lstat(installed)).isSymbolicLink() || !installedAt.startsWith(EXAMPLE_DIR + sep)) {
      throw new ExampleBuildError(`mv3-signin resolves to ${installedAt}, not to the tarball's copy in examples/plain`, '');
    }
    const { version } = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { version: string };

    await run('node', ['build.js'], EXAMPLE_DIR, settingsEnv(settings, key));
    await assertBundledFromTarball();
    return { dir: EXAMPLE_DIST, installedAt, version };
  } finally {
    await rm(packDir, { recursive: true, force: true });
  }
}

/** The SIGNIN_* variables build.js reads (the WXT_* names with the example's prefix), and EXTENSION_KEY. */
function settingsEnv(settings: ExampleSettings, key: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const field of FIELD_NAMES) {
    const value = settings[field];
    if (value) env[buildVariable(field).replace(/^WXT_/, 'SIGNIN_')] = value;
  }
  return key ? { ...env, EXTENSION_KEY: key } : env;
}

/**
 * esbuild names each bundled module's path (from examples/plain) in a comment: the package's
 * modules must be the installed dist/ files, and none may come from packages/mv3-signin.
 */
async function assertBundledFromTarball(): Promise<void> {
  for (const file of ['background.js', 'popup.js']) {
    const bundle = await readFile(join(EXAMPLE_DIST, file), 'utf8');
    const paths = [...bundle.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((match) => match[1]!);
    const fromPackage = paths.filter((path) => path.includes('mv3-signin'));
    const stray = paths.filter(
      (path) => path.includes('packages/') || (path.includes('mv3-signin') && !path.startsWith('node_modules/mv3-signin/dist/')),
    );
    if (fromPackage.length === 0 || stray.length > 0) {
      throw new ExampleBuildError(
        `dist/${file} was not bundled from the installed tarball: ${[...new Set(paths)].join(', ')}`,
        '',
      );
    }
  }
}

/** Runs `command` in `cwd`; resolves with its standard output, rejects with all of its output. */
function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill(), STEP_TIMEOUT_MS);
  const what = `\`${command} ${args.join(' ')}\` in ${cwd}`;
  return new Promise<string>((done, fail) => {
    child.on('error', (err) => fail(new ExampleBuildError(`Could not run ${what} (${err.message})`, output)));
    child.on('exit', (code, signal) =>
      code === 0 ? done(stdout) : fail(new ExampleBuildError(`${what} failed (${signal ?? `exit ${code}`})`, output)),
    );
  }).finally(() => clearTimeout(timer));
}
