import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { LOCAL_PROVIDER_ENV, UNCONFIGURED_VARIABLE, type FieldEnv } from '../build/build-env';
import type { BuildOptionsEnv } from '../build/manifest';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD_TIMEOUT_MS = 120_000;

export type ExtensionBrowser = 'chrome' | 'firefox';

/**
 * A build's variables: the field table's (build/build-env.ts: fieldEnv makes them from field
 * values) and the build options that are no setting (build/manifest.ts).
 */
export type ExtensionEnv = FieldEnv & BuildOptionsEnv;

/** A build with no WXT_* configuration at all (set up in the options page or by policy). */
export const UNCONFIGURED = 'unconfigured';

export interface BuildOptions {
  readonly browser?: ExtensionBrowser;
  readonly command?: 'build' | 'zip';
  /** Print wxt's output as it goes (`npm start`); otherwise it is kept for the error. */
  readonly show?: boolean;
}

/** A build that failed or could not start; `output` is what wxt printed (empty when shown). */
export class BuildError extends Error {
  readonly output: string;

  constructor(message: string, output: string) {
    super(output ? `${message}:\n${output.slice(-4000)}` : message);
    this.name = 'BuildError';
    this.output = output;
  }
}

/** The folder `wxt build --mode <mode>` writes for `browser` (WXT's `<browser>-mv3<modeSuffix>`). */
export function extensionDir(mode: string, browser: ExtensionBrowser = 'chrome'): string {
  const suffix = mode === 'production' ? '' : mode === 'development' ? '-dev' : `-${mode}`;
  return resolve(ROOT, '.output', `${browser}-mv3${suffix}`);
}

/**
 * Builds the extension for `env`, or with no configuration (UNCONFIGURED), with the real
 * `wxt build` (or `wxt zip`), for Chromium or Firefox, into `extensionDir(mode, browser)` (mode
 * `production` is `.output/<browser>-mv3`), and returns that folder.
 *
 * @throws BuildError when wxt cannot run or fails (or takes over two minutes).
 */
export async function buildExtension(
  mode: string,
  env: ExtensionEnv | typeof UNCONFIGURED,
  { browser = 'chrome', command = 'build', show = false }: BuildOptions = {},
): Promise<string> {
  const args = [command, '--mode', mode, ...(browser === 'firefox' ? ['-b', 'firefox', '--mv3'] : [])];
  const child = spawn(resolve(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    env: {
      ...process.env,
      // The code as it ships, whatever the mode: WXT sets NODE_ENV to the mode when it is unset,
      // and any other value than `production` gets Preact's devtools hook and JSX debug info.
      NODE_ENV: 'production',
      ...exactly(env),
    },
    stdio: show ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill(), BUILD_TIMEOUT_MS);
  try {
    await new Promise<void>((done, fail) => {
      child.on('error', (err) => fail(new BuildError(`Could not run wxt (${err.message}); run \`npm install\` first`, output)));
      child.on('exit', (code, signal) =>
        code === 0 ? done() : fail(new BuildError(`\`wxt ${args.join(' ')}\` failed (${signal ?? `exit ${code}`})`, output)),
      );
    });
  } finally {
    clearTimeout(timer);
  }
  return extensionDir(mode, browser);
}

// The build's configuration is `env` alone: what it leaves out must not come from a developer's
// .env.local either, so it is blank. (An empty value would not do: dotenv-expand treats '' in the
// environment as unset and takes the file's value.)
function exactly(env: ExtensionEnv | typeof UNCONFIGURED): Record<string, string> {
  if (env === UNCONFIGURED) return { [UNCONFIGURED_VARIABLE]: '1' };
  const blanks = Object.fromEntries(Object.keys(LOCAL_PROVIDER_ENV).map((variable) => [variable, ' ']));
  return { ...blanks, [UNCONFIGURED_VARIABLE]: '', ...env };
}
