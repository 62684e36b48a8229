import { describe, expect, it } from 'vitest';
import { buildManifest, extensionKey, STORE_KEY, type ManifestEnv } from '../../build/manifest';
import { SettingsError } from '../../packages/mv3-signin/src/settings/config';
import { parseBuildEnv } from '../../lib/build-settings';
import { EXTENSION_KEY, GECKO_ID } from '../../server/local';

const TENANT: ManifestEnv = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/guid/v2.0/',
  WXT_CLIENT_ID: 'client-1',
  WXT_API_URL: 'https://api.contoso.com/hello',
};
const LOCAL: ManifestEnv = { ...TENANT, WXT_AUTHORITY: 'http://localhost:5280/t/p/v2.0', WXT_ISSUER: '' };
const OWN_KEY = `${'A'.repeat(200)}==`;

function keyFor(env: ManifestEnv): string | undefined {
  return extensionKey(parseBuildEnv(env), env);
}

describe('the manifest key (issue 9)', () => {
  it('uses the development key only for a build against a loopback provider', () => {
    expect(keyFor(LOCAL)).toBe(EXTENSION_KEY);
  });

  it('never uses it silently for a real tenant: the error names WXT_EXTENSION_KEY', () => {
    expect(() => keyFor(TENANT)).toThrow(TypeError);
    expect(() => keyFor(TENANT)).toThrow(/"WXT_EXTENSION_KEY" must be set for a build against contoso\.b2clogin\.com/);
  });

  it(`takes your public key, or "${STORE_KEY}" for none`, () => {
    expect(keyFor({ ...TENANT, WXT_EXTENSION_KEY: OWN_KEY })).toBe(OWN_KEY);
    expect(keyFor({ ...TENANT, WXT_EXTENSION_KEY: STORE_KEY })).toBeUndefined();
    expect(keyFor({ ...LOCAL, WXT_EXTENSION_KEY: STORE_KEY })).toBeUndefined();
  });

  it('rejects something that is no public key, naming the variable', () => {
    expect(() => keyFor({ ...TENANT, WXT_EXTENSION_KEY: 'my-key.pem' })).toThrow(
      /"WXT_EXTENSION_KEY" must be a base64 public key/,
    );
  });
});

describe('buildManifest (issue 9)', () => {
  it('gives Chromium a key and a minimum version, and no Firefox settings', () => {
    const manifest = buildManifest(LOCAL, 'chrome');
    expect(manifest).toMatchObject({ key: EXTENSION_KEY, minimum_chrome_version: '113' });
    expect(manifest).not.toHaveProperty('browser_specific_settings');
  });

  it('gives Firefox its gecko id, minimum version and data collection, and no key', () => {
    const manifest = buildManifest(TENANT, 'firefox');
    expect(manifest).not.toHaveProperty('key');
    expect(manifest).not.toHaveProperty('minimum_chrome_version');
    expect(manifest.browser_specific_settings?.gecko).toEqual({
      id: GECKO_ID,
      strict_min_version: '140.0',
      data_collection_permissions: { required: ['none'] },
    });
    expect(buildManifest({ ...TENANT, WXT_GECKO_ID: '{6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b}' }, 'firefox')).toMatchObject({
      browser_specific_settings: { gecko: { id: '{6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b}' } },
    });
  });

  it('rejects a gecko id Firefox would not take, naming WXT_GECKO_ID', () => {
    expect(() => buildManifest({ ...TENANT, WXT_GECKO_ID: 'not an id' }, 'firefox')).toThrow(/"WXT_GECKO_ID" must look like/);
  });

  it('fails a build with a bad value in English, naming the variable (the build has no browser.i18n)', () => {
    const build = () => buildManifest({ ...TENANT, WXT_AUTHORITY: 'http://contoso.b2clogin.com/x' }, 'chrome');
    expect(build).toThrow(SettingsError);
    expect(build).toThrow('"WXT_AUTHORITY" must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])');
  });

  it('takes its name and description from public/_locales, English by default', () => {
    expect(buildManifest(LOCAL, 'chrome')).toMatchObject({
      name: '__MSG_extension_name__',
      description: '__MSG_extension_description__',
      default_locale: 'en',
      action: { default_title: '__MSG_extension_name__' },
    });
  });

  it('has an explicit content security policy no looser than MV3 default, in every browser', () => {
    for (const browser of ['chrome', 'firefox']) {
      const policy = buildManifest(LOCAL, browser).content_security_policy?.extension_pages ?? '';
      expect(policy).toMatch(/^script-src 'self';/);
      expect(policy).not.toMatch(/unsafe-|\bhttps?:|\bdata:|\bblob:|\*/);
    }
  });
});
