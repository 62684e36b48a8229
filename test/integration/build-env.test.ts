// Issue 18, item 8: a tenant's build, configured by the environment (or .env.local) alone, takes
// nothing from the local provider: the real `wxt build`, with no blanks to keep values out.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, IDP_PORT } from '../../server/local';
import { extensionDir } from '../../tooling/build-extension';

const ROOT = resolve(import.meta.dirname, '../..');
const TENANT = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_CLIENT_ID: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  WXT_API_URL: 'https://api.contoso.com/hello',
  WXT_EXTENSION_KEY: 'store',
};

describe('a build for a tenant set in the environment', () => {
  it('carries none of the local provider’s issuer, client id, scopes, API URL or user flows', async () => {
    // The environment as a shell would have it: no WXT_* but the tenant's.
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WXT_')));
    const env = { ...clean, NODE_ENV: 'production', ...TENANT };
    await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/wxt'), ['build', '--mode', 'audit-tenant'], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    const dir = extensionDir('audit-tenant');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    expect(manifest.host_permissions).toEqual(['https://contoso.b2clogin.com/*', 'https://api.contoso.com/*']);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter(
      (e) => e.isFile() && e.name.endsWith('.js'),
    );
    for (const file of files) {
      const text = await readFile(join(file.parentPath, file.name), 'utf8');
      expect(text, file.name).not.toContain(CLIENT_ID);
      expect(text, file.name).not.toContain(`localhost:${IDP_PORT}`);
    }
  }, 120_000);
});

// Issue 21, item 1: a bad WXT_APIS fails the real build in one line naming the variable and the entry.
describe('a build whose WXT_APIS has a bad entry', () => {
  it('fails in one line naming WXT_APIS and the entry, with no stack trace', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WXT_')));
    const apis = JSON.stringify([
      { name: 'Orders API', url: 'https://orders.contoso.com/', scopes: '' },
      { name: 'Profile API', url: 'http://profile.contoso.com/', scopes: '' },
    ]);
    const env = { ...clean, NODE_ENV: 'production', ...TENANT, WXT_APIS: apis };
    const output = await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/wxt'), ['build', '--mode', 'audit-apis'], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    }).then(
      () => 'the build succeeded',
      (err: { stdout?: string; stderr?: string }) => `${err.stdout}\n${err.stderr}`,
    );
    const lines = output.split('\n').filter((line) => line.includes('WXT_APIS'));
    expect(lines, output).toHaveLength(1);
    expect(lines[0]).toContain('"WXT_APIS", entry 2 (Profile API): "url" must use https://');
    expect(output).not.toMatch(/^\s+at /m);
  }, 120_000);
});
