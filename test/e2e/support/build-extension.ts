import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

export interface ExtensionEnv {
  WXT_AUTHORITY: string;
  WXT_ISSUER?: string;
  WXT_CLIENT_ID: string;
  WXT_SCOPES?: string;
  WXT_API_URL: string;
  WXT_PASSWORD_RESET_AUTHORITY?: string;
  WXT_PROFILE_EDIT_AUTHORITY?: string;
  WXT_EXTENSION_KEY?: string;
}

/**
 * Builds the extension for `env` with the real `wxt build` (or `wxt zip`), for Chromium or Firefox,
 * in its own output folder (`.output/<browser>-mv3-<mode>`), and returns that folder.
 */
export async function buildExtension(
  mode: string,
  env: ExtensionEnv,
  { browser = 'chrome', command = 'build' }: { browser?: 'chrome' | 'firefox'; command?: 'build' | 'zip' } = {},
): Promise<string> {
  const args = [command, '--mode', mode, ...(browser === 'firefox' ? ['-b', 'firefox', '--mv3'] : [])];
  await run(resolve(ROOT, 'node_modules/.bin/wxt'), args, {
    cwd: ROOT,
    // What `env` leaves out must not come from .env: a blank value overrides it. (An empty one
    // would not: dotenv-expand treats '' in the environment as unset and takes the file's value.)
    env: {
      ...process.env,
      WXT_ISSUER: ' ',
      WXT_SCOPES: ' ',
      WXT_PASSWORD_RESET_AUTHORITY: ' ',
      WXT_PROFILE_EDIT_AUTHORITY: ' ',
      ...env,
    },
    timeout: 120_000,
  });
  return resolve(ROOT, '.output', `${browser}-mv3-${mode}`);
}
