import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_KEY } from '../../server/local';
import { buildExtension, type ExtensionEnv } from '../../tooling/build-extension';

// Issue 5, item 5: the manifest of a production build, configured for https hosts, asks for no
// more than the extension needs.
const HTTPS_ENV: ExtensionEnv = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/6b2c1f0e-4a3d-4e5f-9a8b-7c6d5e4f3a2b/v2.0/',
  WXT_CLIENT_ID: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  WXT_SCOPES: 'https://contoso.onmicrosoft.com/api/demo.read',
  WXT_API_URL: 'https://api.contoso.com/hello',
  WXT_PASSWORD_RESET_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0',
  // The flows share the authority's origin, so they add no host permission (issue 18).
  WXT_PROFILE_EDIT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
};
/** An unpacked build for a real tenant names its key (here the development one, as a stand-in for yours). */
const UNPACKED_ENV: ExtensionEnv = { ...HTTPS_ENV, WXT_EXTENSION_KEY: EXTENSION_KEY };
// scripting (issue 21): the content script is registered at run time, on a site the user allows.
const ALLOWED_PERMISSIONS = new Set(['identity', 'storage', 'alarms', 'scripting']);
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
  dir = await buildExtension('audit-https', UNPACKED_ENV);
  manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
  manifest = JSON.parse(manifestText) as Manifest;
}, 120_000);

async function builtFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(js|html|json)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('manifest of an https production build (issue 5)', () => {
  it('asks only for identity, storage, alarms and scripting', () => {
    expect(manifest.permissions?.length).toBeGreaterThan(0);
    for (const permission of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
      expect(ALLOWED_PERMISSIONS.has(permission), permission).toBe(true);
    }
  });

  it('has host permissions for exactly the configured origins', () => {
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      'https://api.contoso.com/*',
      'https://contoso.b2clogin.com/*',
    ]);
    expect(manifestText).not.toContain('<all_urls>');
    // No wildcard host among the required ones.
    expect(manifest.host_permissions?.join(' ')).not.toMatch(/:\/\/[^/]*\*/);
  });

  it('may ask for more only at run time, for settings saved in the options page (issue 10)', () => {
    // Optional: granted only by permissions.request, for an origin that answers without CORS.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect(manifestText).not.toMatch(/"\*:\/\//);
  });

  it('has no content scripts, web-accessible resources or externally_connectable', () => {
    // The site script is a file of the build that the background registers at run time (issue 21), not in the manifest.
    expect(manifest).not.toHaveProperty('content_scripts');
    expect(manifest).not.toHaveProperty('web_accessible_resources');
    expect(manifest).not.toHaveProperty('externally_connectable');
  });

  it('builds the content script the background registers at run time: content-scripts/site.js (issue 21)', async () => {
    const script = await readFile(join(dir, 'content-scripts/site.js'), 'utf8');
    // The package's client, and no token handling: it sends apiFetch and nothing that names a token.
    expect(script).toContain('apiFetch');
    expect(script).not.toMatch(/access_token|refresh_token|id_token|Bearer/i);
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
      let text = await readFile(file, 'utf8');
      // Except the run-time permission that lets the options page point at a local provider.
      if (file.endsWith('manifest.json')) text = JSON.stringify({ ...JSON.parse(text), optional_host_permissions: [] });
      expect(text, file).not.toMatch(LOOPBACK_ORIGIN);
    }
  });

  // The check above must be able to fail: the e2e build (loopback provider) does carry them.
  it('the loopback check finds the origins in a loopback build', async () => {
    const loopback = resolve(ROOT, '.output/chrome-mv3-audit-loopback');
    await buildExtension('audit-loopback', {
      ...UNPACKED_ENV,
      WXT_AUTHORITY: 'http://localhost:5999/t/p/v2.0',
      WXT_ISSUER: 'http://localhost:5999/i/v2.0/',
      // The user flows are on the authority's origin (issue 18).
      WXT_PASSWORD_RESET_AUTHORITY: 'http://localhost:5999/t/reset/v2.0',
      WXT_PROFILE_EDIT_AUTHORITY: 'http://localhost:5999/t/edit/v2.0',
    });
    const texts = await Promise.all((await builtFiles(loopback)).map((f) => readFile(f, 'utf8')));
    expect(texts.some((text) => LOOPBACK_ORIGIN.test(text))).toBe(true);
  }, 120_000);
});

describe('a build with a bad configuration (issues 5, 8 and 9)', () => {
  it.each([
    ['WXT_AUTHORITY', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_susi/v2.0', 'must use https://'],
    ['WXT_PROFILE_EDIT_AUTHORITY', 'http://contoso.example/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0', 'must use https://'],
    [
      'WXT_PROFILE_EDIT_AUTHORITY',
      'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0',
      'must be on the sign-in authority’s origin, https://contoso.b2clogin.com',
    ],
    // A real tenant never gets the development key silently (a blank value overrides .env.local).
    ['WXT_EXTENSION_KEY', ' ', 'must be set for a build against contoso.b2clogin.com'],
    ['WXT_API_URL', 'api.contoso.com/hello', 'must be an absolute URL, got "api.contoso.com/hello"'],
  ])(
    'fails with one line that names the variable, and no stack trace: %s',
    async (variable, value, problem) => {
      const run = promisify(execFile);
      const build = run(resolve(ROOT, 'node_modules/.bin/wxt'), ['build', '--mode', 'audit-bad'], {
        cwd: ROOT,
        env: { ...process.env, ...UNPACKED_ENV, [variable]: value },
        timeout: 120_000,
      });
      const error = (await build.then(
        () => undefined,
        (err: unknown) => err,
      )) as { stdout?: string; stderr?: string } | undefined;
      expect(error).toBeDefined();
      const output = `${error?.stdout}\n${error?.stderr}`;
      expect(output).toContain(`"${variable}" ${problem}`);
      // Issue 19, item 6: WXT prints the thrown error's stack; the sentence is all there is of it.
      expect(output).not.toMatch(/^\s+at /m);
    },
    120_000,
  );
});

interface StoreManifest extends Manifest {
  icons?: Record<string, string>;
  action?: { default_icon?: Record<string, string> };
  minimum_chrome_version?: string;
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } };
  };
}

/** Runs the real `npm run zip` / `npm run zip:firefox` script for a real tenant, in a mode of its own. */
async function storePackage(browser: 'chrome' | 'firefox'): Promise<JSZip> {
  const run = promisify(execFile);
  const args = ['tsx', 'scripts/zip.ts', ...(browser === 'firefox' ? ['firefox'] : []), '--mode', 'audit-store'];
  await run('npx', args, { cwd: ROOT, env: { ...process.env, ...HTTPS_ENV }, timeout: 120_000 });
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return JSZip.loadAsync(await readFile(join(ROOT, `.output/b2c-signin-extension-${version}-${browser}-audit-store.zip`)));
}

async function manifestOf(zip: JSZip): Promise<StoreManifest> {
  return JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}') as StoreManifest;
}

/** The width and height in a PNG's IHDR chunk. */
async function pngSize(zip: JSZip, path: string): Promise<[number, number]> {
  const bytes = await zip.file(path)!.async('nodebuffer');
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe.each(['chrome', 'firefox'] as const)('the %s store package (issue 9)', (browser) => {
  let zip: JSZip;
  let manifest: StoreManifest;
  beforeAll(async () => {
    zip = await storePackage(browser);
    manifest = await manifestOf(zip);
  }, 120_000);

  it('carries no key: the store assigns the id', () => {
    expect(manifest.permissions).toEqual(['identity', 'storage', 'alarms', 'scripting']);
    expect(manifest).not.toHaveProperty('key');
  });

  it('carries the icons at 16, 32, 48 and 128 px, for the toolbar too', async () => {
    expect(Object.keys(manifest.icons ?? {})).toEqual(['16', '32', '48', '128']);
    expect(manifest.action?.default_icon).toEqual(manifest.icons);
    for (const [size, path] of Object.entries(manifest.icons ?? {})) {
      expect(await pngSize(zip, path)).toEqual([Number(size), Number(size)]);
    }
  });

  it('keeps the host permissions and the content security policy of the build', () => {
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([
      'https://api.contoso.com/*',
      'https://contoso.b2clogin.com/*',
    ]);
    expect(manifest.content_security_policy?.extension_pages).toMatch(/^script-src 'self';/);
    expect(manifest.content_security_policy?.extension_pages).not.toMatch(/unsafe-|\bhttps?:|\*/);
  });

  it(browser === 'firefox' ? 'names its gecko id, minimum version and data collection' : 'names its minimum Chrome', () => {
    if (browser === 'firefox') {
      expect(manifest.browser_specific_settings?.gecko).toEqual({
        id: 'b2c-signin@example.com',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      });
      expect(manifest).not.toHaveProperty('minimum_chrome_version');
    } else {
      expect(manifest.minimum_chrome_version).toBe('113');
      expect(manifest).not.toHaveProperty('browser_specific_settings');
    }
  });
});

describe("AMO's sources package (issue 9)", () => {
  it('holds what the build reads, the local provider’s defaults included, and no dependencies or output', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    // Written by the firefox store package above.
    const zip = await JSZip.loadAsync(
      await readFile(join(ROOT, `.output/b2c-signin-extension-${version}-sources-audit-store.zip`)),
    );
    const names = Object.keys(zip.files);
    const read = [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'build/manifest.ts',
      'build/build-env.ts',
      'build/local-defaults.ts',
    ];
    // The sign-in package is built from its source there too (the workspace's postinstall).
    for (const file of [...read, 'lib/build-settings.ts', 'packages/mv3-signin/src/settings/config.ts']) {
      expect(names, file).toContain(file);
    }
    const output = ['node_modules/', '.output/', 'packages/mv3-signin/dist/', 'examples/plain/node_modules/'];
    expect(names.filter((name) => output.some((dir) => name.startsWith(dir) || name.includes(`/${dir}`)))).toEqual([]);
  });
});
