import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExtension, type ExtensionEnv } from '../e2e/support/build-extension';

// Issue 5, item 5: the manifest of a production build, configured for https hosts, asks for no
// more than the extension needs.
const HTTPS_ENV: ExtensionEnv = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/6b2c1f0e-4a3d-4e5f-9a8b-7c6d5e4f3a2b/v2.0/',
  WXT_CLIENT_ID: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  WXT_SCOPES: 'https://contoso.onmicrosoft.com/api/demo.read',
  WXT_API_URL: 'https://api.contoso.com/hello',
  WXT_PASSWORD_RESET_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0',
  // A flow on a host of its own (a custom domain) joins the host permissions.
  WXT_PROFILE_EDIT_AUTHORITY: 'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
};
const ALLOWED_PERMISSIONS = new Set(['identity', 'storage', 'alarms']);
/** A loopback origin in any form a URL can spell it. */
const LOOPBACK_ORIGIN = /\b(?:https?|wss?):\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?=[:/"'`]|$)/i;
const ROOT = resolve(import.meta.dirname, '../..');

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown;
  web_accessible_resources?: unknown;
  externally_connectable?: unknown;
  content_security_policy?: { extension_pages?: string; sandbox?: string };
  key?: string;
}

let dir: string;
let manifest: Manifest;
let manifestText: string;

beforeAll(async () => {
  dir = await buildExtension('audit-https', HTTPS_ENV);
  manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
  manifest = JSON.parse(manifestText) as Manifest;
}, 120_000);

async function builtFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(js|html|json)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('manifest of an https production build (issue 5)', () => {
  it('asks only for identity, storage and alarms', () => {
    expect(manifest.permissions?.length).toBeGreaterThan(0);
    for (const permission of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
      expect(ALLOWED_PERMISSIONS.has(permission), permission).toBe(true);
    }
  });

  it('has host permissions for exactly the configured origins', () => {
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      'https://api.contoso.com/*',
      'https://contoso.b2clogin.com/*',
      'https://login.contoso.com/*',
    ]);
    expect(manifest.optional_host_permissions).toBeUndefined();
    expect(manifestText).not.toContain('<all_urls>');
    expect(manifestText).not.toMatch(/"\*:\/\/|:\/\/\*\//);
  });

  it('has no content scripts, web-accessible resources or externally_connectable', () => {
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest).not.toHaveProperty('externally_connectable');
  });

  it('does not loosen the content security policy', () => {
    const policy = manifest.content_security_policy?.extension_pages;
    // Absent means Chrome's MV3 default: script-src 'self'; object-src 'self'.
    if (policy !== undefined) {
      expect(policy).not.toMatch(/unsafe-|\bhttps?:|\bdata:|\bblob:|\*/);
    }
    expect(manifestText).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval/);
  });

  it('carries the key that fixes the extension id (and with it the redirect URI)', () => {
    expect(typeof manifest.key).toBe('string');
    expect(manifest.key!.length).toBeGreaterThan(100);
  });

  it('has no loopback origin anywhere in the built JS, HTML or manifest', async () => {
    const files = await builtFiles(dir);
    expect(files.some((f) => f.endsWith('background.js'))).toBe(true);
    for (const file of files) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(LOOPBACK_ORIGIN);
    }
  });

  // The check above must be able to fail: the e2e build (loopback provider) does carry them.
  it('the loopback check finds the origins in a loopback build', async () => {
    const loopback = resolve(ROOT, '.output/chrome-mv3-audit-loopback');
    await buildExtension('audit-loopback', {
      ...HTTPS_ENV,
      WXT_AUTHORITY: 'http://localhost:5999/t/p/v2.0',
      WXT_ISSUER: 'http://localhost:5999/i/v2.0/',
    });
    const texts = await Promise.all((await builtFiles(loopback)).map((f) => readFile(f, 'utf8')));
    expect(texts.some((text) => LOOPBACK_ORIGIN.test(text))).toBe(true);
  }, 120_000);
});

describe('a build with a bad configuration (issues 5 and 8)', () => {
  it.each([
    ['WXT_AUTHORITY', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_susi/v2.0'],
    ['WXT_PROFILE_EDIT_AUTHORITY', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0'],
  ])(
    'fails with a message that names the variable: %s',
    async (variable, value) => {
      const run = promisify(execFile);
      const build = run(resolve(ROOT, 'node_modules/.bin/wxt'), ['build', '--mode', 'audit-bad'], {
        cwd: ROOT,
        env: { ...process.env, ...HTTPS_ENV, [variable]: value },
        timeout: 120_000,
      });
      const error = (await build.then(
        () => undefined,
        (err: unknown) => err,
      )) as { stdout?: string; stderr?: string } | undefined;
      expect(error).toBeDefined();
      expect(`${error?.stdout}\n${error?.stderr}`).toContain(`"${variable}" must use https://`);
    },
    120_000,
  );
});
