// Issue 19, item 4: `npm run zip` builds the store package beside the unpacked build, never in it,
// and refuses to package the local provider's configuration unless asked with `--local`.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { extensionDir } from '../../tooling/build-extension';

const ROOT = resolve(import.meta.dirname, '../..');
const UNPACKED = extensionDir('production');

/**
 * The environment of a shell with no tenant set: no WXT_* at all, and a blank WXT_AUTHORITY that
 * also overrides a developer's .env.local, so the build takes the local provider's defaults.
 */
function localProviderEnv(): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WXT_')));
  return { ...clean, WXT_AUTHORITY: ' ' };
}

/** Runs the real `npm run zip` script (its tsx command) with `args`; how it ended and what it printed. */
async function runZip(args: string[]): Promise<{ code: number; output: string }> {
  return promisify(execFile)(resolve(ROOT, 'node_modules/.bin/tsx'), ['scripts/zip.ts', ...args], {
    cwd: ROOT,
    env: localProviderEnv(),
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}\n${stderr}` }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? 1,
      output: `${err.stdout}\n${err.stderr}`,
    }),
  );
}

/** Every file under `dir` with the SHA-256 of its bytes, or 'absent' when there is no such folder. */
async function snapshot(dir: string): Promise<string[] | 'absent'> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return 'absent';
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const hashed = await Promise.all(
    files.map(
      async (file) =>
        `${relative(dir, file)} ${createHash('sha256')
          .update(await readFile(file))
          .digest('hex')}`,
    ),
  );
  return hashed.sort();
}

describe('npm run zip (issue 19)', () => {
  it('refuses a package for the local provider, in one line that says how to set the tenant', async () => {
    const { code, output } = await runZip([]);
    expect(code).not.toBe(0);
    const lines = output.split('\n').filter((line) => line.includes('WXT_AUTHORITY'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"WXT_AUTHORITY" is http://localhost:5280, a loopback host');
    expect(lines[0]).toContain('Set your tenant in .env.local');
    expect(lines[0]).toContain('see .env.example');
    expect(lines[0]).toContain('npm run zip -- --local');
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('with --local, packages it into .output/chrome-mv3-store and leaves .output/chrome-mv3 as it was', async () => {
    const before = await snapshot(UNPACKED);
    const { code, output } = await runZip(['--local']);
    expect(code, output).toBe(0);
    expect(await snapshot(UNPACKED)).toEqual(before);
    const manifest = JSON.parse(await readFile(join(extensionDir('store'), 'manifest.json'), 'utf8')) as object;
    expect(manifest).not.toHaveProperty('key');
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const zips = await readdir(resolve(ROOT, '.output'));
    expect(zips).toContain(`b2c-signin-extension-${version}-chrome-store.zip`);
  }, 120_000);
});
