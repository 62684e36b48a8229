// Issue 21, item 1: WXT_APIS, the build's list of APIs. Bad JSON or a bad entry fails the build in
// one line naming WXT_APIS and the entry; host access is exactly the authority's and the APIs' origins.
import { describe, expect, it } from 'vitest';
import { buildManifest, assertStoreConfig, STORE_PACKAGE_VARIABLE, type ManifestEnv } from '../../build/manifest';
import { resolveBuildEnv } from '../../build/build-env';
import { buildValues, parseBuildEnv } from '../../lib/build-settings';

const TENANT: ManifestEnv = {
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/guid/v2.0/',
  WXT_CLIENT_ID: 'client-1',
  WXT_EXTENSION_KEY: 'store',
};
const APIS = JSON.stringify([
  { name: 'Orders API', url: 'https://orders.contoso.com/api', scopes: 'https://contoso.onmicrosoft.com/orders/read' },
  { name: 'Profile API', url: 'https://profile.contoso.com/', scopes: '' },
]);

// What WXT prints of a failed build: the error's stack.
function failure(env: ManifestEnv): string {
  try {
    buildManifest(env, 'chrome');
  } catch (err) {
    return (err as Error).stack ?? '';
  }
  throw new Error('the build did not fail');
}

describe('WXT_APIS (issue 21)', () => {
  it('defines the APIs, winning over WXT_API_URL and WXT_SCOPES; host access is exactly their origins', () => {
    const env = { ...TENANT, WXT_API_URL: 'https://old.contoso.com/hello', WXT_SCOPES: 'old', WXT_APIS: APIS };
    expect(buildValues(env).apis).toBe(APIS);
    expect(buildManifest(env, 'chrome').host_permissions).toEqual([
      'https://contoso.b2clogin.com/*',
      'https://orders.contoso.com/*',
      'https://profile.contoso.com/*',
    ]);
    expect(parseBuildEnv(env).scopes).toEqual(['openid', 'offline_access', 'https://contoso.onmicrosoft.com/orders/read']);
  });

  it('is read like every other field: a tenant’s build takes it from what is set, blank when not set', () => {
    expect(resolveBuildEnv({ ...TENANT, WXT_APIS: APIS }).WXT_APIS).toBe(APIS);
    expect(resolveBuildEnv({ ...TENANT }).WXT_APIS).toBe('');
    // With only WXT_API_URL and WXT_SCOPES: one API named "API", as before.
    const config = parseBuildEnv(resolveBuildEnv({ ...TENANT, WXT_API_URL: 'https://api.contoso.com/hello' }));
    expect(config.apis.map(({ name, url }) => [name, url.href])).toEqual([['API', 'https://api.contoso.com/hello']]);
  });

  it.each([
    ['bad JSON', '[{"name": "Orders API"', '"WXT_APIS" must be a JSON array of APIs, each {"name": …, "url": …, "scopes": …}'],
    ['an object, not an array', '{"name": "Orders API"}', '"WXT_APIS" must be a JSON array of APIs'],
    [
      'an entry with an http:// URL',
      JSON.stringify([JSON.parse(APIS)[0], { name: 'Profile API', url: 'http://profile.contoso.com/' }]),
      '"WXT_APIS", entry 2 (Profile API): "url" must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])',
    ],
    [
      'an entry without a name',
      JSON.stringify([{ url: 'https://orders.contoso.com/' }]),
      '"WXT_APIS", entry 1: "name" must be a name of 1 to 40 characters on one line',
    ],
    [
      'two entries of one name',
      JSON.stringify([
        { name: 'Orders', url: 'https://a.contoso.com/' },
        { name: 'ORDERS', url: 'https://b.contoso.com/' },
      ]),
      '"WXT_APIS", entry 2 (ORDERS): "name" is already the name of entry 1',
    ],
  ])('fails the build on %s, in one line naming WXT_APIS and the entry', (_case, apis, message) => {
    const printed = failure({ ...TENANT, WXT_APIS: apis });
    expect(printed.startsWith(message)).toBe(true);
    expect(printed).not.toContain('\n');
  });

  it('names the API when a store package would carry a loopback API of the list', () => {
    const env = {
      ...TENANT,
      WXT_APIS: JSON.stringify([JSON.parse(APIS)[0], { name: 'Local API', url: 'http://localhost:5281/hello' }]),
      [STORE_PACKAGE_VARIABLE]: '1',
    };
    expect(() => assertStoreConfig(parseBuildEnv(env), env)).toThrow(
      /^"WXT_APIS" \(Local API\) is http:\/\/localhost:5281, a loopback host/,
    );
  });
});
