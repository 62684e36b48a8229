// Issue 21, item 4: site access, as the options page's "Show on <origin>" uses it. allowSite asks the browser for the
// site first, then the background records it for the API and registers the content script there; disallowSite takes
// the API off, and with none left unregisters the script and removes the host permission, unless the manifest or the
// settings in force need that origin. The background's service in Node, against the browser double.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { toSettingsState } from '../../packages/mv3-signin/src/settings/sources';
import { STORAGE_KEYS } from '../../packages/mv3-signin/src/service/storage-keys';
import { SITE_SCRIPT_PREFIX } from '../../packages/mv3-signin/src/service/sites';
import { API_SCOPE } from '../../server/local.ts';
import { contentScript, FIREFOX_PAGES, popup } from '../support/extension-double';
import { CONTENT_SCRIPT, HELLO, useFetchSystem } from './fetch-support';

const system = useFetchSystem();
const SHOP = 'https://shop.example';
const ORDERS = 'Orders API';

/** The stored record of allowed sites (storage.local). */
const stored = async () => (await fakeBrowser.storage.local.get(STORAGE_KEYS.local.sites))[STORAGE_KEYS.local.sites];

/** Two APIs on the reference API's origin. */
const twoApis = () => [
  { name: HELLO, url: system.api.url, scopes: API_SCOPE },
  { name: ORDERS, url: `${system.api.origin}/orders`, scopes: API_SCOPE },
];

describe('allowSite (issue 21)', () => {
  it('asks the browser for the site, then records it for the API and registers the content script there', async () => {
    const { client, double } = system.start();
    await expect(client.allowSite(HELLO, SHOP)).resolves.toBe(true);
    expect(double.prompts).toEqual([[`${SHOP}/*`]]);
    expect(double.granted).toEqual(new Set([`${SHOP}/*`]));
    expect(await stored()).toEqual({ [SHOP]: [HELLO] });
    expect([...double.scripts.values()]).toEqual([
      {
        id: `${SITE_SCRIPT_PREFIX}${SHOP}`,
        matches: [`${SHOP}/*`],
        js: CONTENT_SCRIPT.js,
        allFrames: false,
        persistAcrossSessions: true,
        runAt: 'document_idle',
      },
    ]);
    await expect(client.getSites()).resolves.toEqual([{ origin: SHOP, apis: [HELLO] }]);
  });

  it('registers one script per site, whatever the number of APIs allowed there; twice is once', async () => {
    const { client, double } = system.start({ apis: twoApis() });
    await client.allowSite(HELLO, SHOP);
    await client.allowSite(ORDERS, SHOP);
    await client.allowSite(ORDERS, SHOP);
    expect(await stored()).toEqual({ [SHOP]: [HELLO, ORDERS] });
    expect([...double.scripts.keys()]).toEqual([`${SITE_SCRIPT_PREFIX}${SHOP}`]);
    expect(double.prompts).toHaveLength(1);
  });

  it('two at once for one site: one registration, both recorded', async () => {
    const { client, double } = system.start({ apis: twoApis() });
    await expect(Promise.all([client.allowSite(HELLO, SHOP), client.allowSite(ORDERS, SHOP)])).resolves.toEqual([true, true]);
    expect(await stored()).toEqual({ [SHOP]: [HELLO, ORDERS] });
    expect(double.scripts.size).toBe(1);
  });

  it('answers false when the user declines: nothing recorded, nothing registered', async () => {
    const { client, double } = system.start();
    double.userAllows = false;
    await expect(client.allowSite(HELLO, SHOP)).resolves.toBe(false);
    expect(await stored()).toBeUndefined();
    expect(double.scripts.size).toBe(0);
  });

  it('answers false when the background finds no grant (a page that did not ask): nothing recorded', async () => {
    const { double } = system.start();
    const reply = await double.api.runtime.sendMessage({ type: 'allowSite', value: { api: HELLO, origin: SHOP } });
    expect(reply).toEqual({ ok: true, value: false });
    expect(await stored()).toBeUndefined();
    expect(double.scripts.size).toBe(0);
  });

  it('fails with bad_request without a content script, and with api_unknown for a name no API has: the grant goes again', async () => {
    const without = system.start({ contentScript: undefined });
    await expect(without.client.allowSite(HELLO, SHOP)).rejects.toMatchObject({ code: 'bad_request' });
    expect(without.double.scripts.size).toBe(0);
    expect(without.double.granted.size).toBe(0);
    const { client, double } = system.start();
    await expect(client.allowSite('Nope', SHOP)).rejects.toMatchObject({ code: 'api_unknown' });
    expect(double.prompts).toEqual([[`${SHOP}/*`]]);
    expect(double.granted.size).toBe(0);
    expect(double.scripts.size).toBe(0);
    expect(await stored()).toEqual({});
  });

  it('a failure for one API leaves the site’s other APIs as they were', async () => {
    const { client, double } = system.start();
    await client.allowSite(HELLO, SHOP);
    await expect(client.allowSite('Nope', SHOP)).rejects.toMatchObject({ code: 'api_unknown' });
    expect(await stored()).toEqual({ [SHOP]: [HELLO] });
    expect(double.granted).toEqual(new Set([`${SHOP}/*`]));
    expect(double.scripts.size).toBe(1);
  });

  it.each([
    ['a URL with a path', `${SHOP}/orders`],
    ['a trailing slash', `${SHOP}/`],
    ['http on a host that is not loopback', 'http://shop.example'],
    ['another scheme', 'ftp://shop.example'],
    ['credentials', 'https://user@shop.example'],
    ['not a URL', 'shop.example'],
    ['a wildcard host (a match pattern for every subdomain)', 'https://*.example'],
    ['a host the URL parser takes but no name has', 'https://shop$.example'],
    ['upper case (not as URL.origin writes it)', 'https://Shop.example'],
  ])('refuses %s as the origin (bad_request) before asking the browser', async (_name, origin) => {
    const { client, double } = system.start();
    await expect(client.allowSite(HELLO, origin)).rejects.toMatchObject({ code: 'bad_request' });
    expect(double.prompts).toEqual([]);
    const reply = await double.api.runtime.sendMessage({ type: 'allowSite', value: { api: HELLO, origin } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('disallowSite (issue 21)', () => {
  it('takes one API off; with none left, unregisters the script and removes the host permission', async () => {
    const { client, double } = system.start({ apis: twoApis() });
    await client.allowSite(HELLO, SHOP);
    await client.allowSite(ORDERS, SHOP);
    await client.disallowSite(HELLO, SHOP);
    expect(await stored()).toEqual({ [SHOP]: [ORDERS] });
    expect(double.scripts.size).toBe(1);
    expect(double.granted.has(`${SHOP}/*`)).toBe(true);

    await client.disallowSite(ORDERS, SHOP);
    expect(await stored()).toEqual({});
    expect(double.scripts.size).toBe(0);
    expect(double.granted.size).toBe(0);
    await expect(client.getSites()).resolves.toEqual([]);
  });

  it('keeps the host permission of an API’s own origin (the manifest’s): the script goes, the grant stays', async () => {
    const { client, double } = system.start();
    const site = system.api.origin;
    await client.allowSite(HELLO, site);
    expect(double.scripts.size).toBe(1);
    await client.disallowSite(HELLO, site);
    expect(double.scripts.size).toBe(0);
    expect(double.required).toContain(`${site}/*`);
  });

  it('keeps a run-time grant the settings in force need (an API’s origin granted at run time, not in the manifest)', async () => {
    const { client, double } = system.start({ required: [] });
    const site = system.api.origin;
    await client.allowSite(HELLO, site);
    expect(double.granted).toEqual(new Set([`${site}/*`]));
    await client.disallowSite(HELLO, site);
    expect(double.scripts.size).toBe(0);
    expect(double.granted).toEqual(new Set([`${site}/*`]));
  });

  it('keeps what another allowed site needs, and what covers no site it knows', async () => {
    const { client, double } = system.start();
    await client.allowSite(HELLO, SHOP);
    await client.allowSite(HELLO, 'https://blog.example');
    double.granted.add('https://*/*');
    await client.disallowSite(HELLO, SHOP);
    expect(double.granted).toEqual(new Set(['https://blog.example/*', 'https://*/*']));
    expect([...double.scripts.keys()]).toEqual([`${SITE_SCRIPT_PREFIX}https://blog.example`]);
  });

  it('keeps a grant for every port of a host while another allowed site on that host needs it (Firefox grants no port)', async () => {
    const { client, double } = system.start();
    double.granted.add('http://127.0.0.1/*');
    await client.allowSite(HELLO, 'http://127.0.0.1:1111');
    await client.allowSite(HELLO, 'http://127.0.0.1:2222');
    expect(double.prompts).toEqual([]);
    await client.disallowSite(HELLO, 'http://127.0.0.1:1111');
    expect(double.granted).toEqual(new Set(['http://127.0.0.1/*']));
    await client.disallowSite(HELLO, 'http://127.0.0.1:2222');
    expect(double.granted).toEqual(new Set());
  });

  it('cleans up a site with no record (turning off what is off): no script, no grant, no error', async () => {
    const { client, double } = system.start();
    double.granted.add(`${SHOP}/*`);
    await expect(client.disallowSite(HELLO, SHOP)).resolves.toBeUndefined();
    expect(double.granted.size).toBe(0);
  });

  it('refuses a bad origin (bad_request): nothing changes', async () => {
    const { client } = system.start();
    await client.allowSite(HELLO, SHOP);
    await expect(client.disallowSite(HELLO, 'shop.example')).rejects.toMatchObject({ code: 'bad_request' });
    expect(await stored()).toEqual({ [SHOP]: [HELLO] });
  });
});

describe('in Firefox, whose match patterns carry no port', () => {
  it('asks for the host on every port and registers there; the record and the sender check keep the port', async () => {
    const { client, double } = await system.signedIn({ pages: FIREFOX_PAGES, required: [] });
    const site = 'http://127.0.0.1:4321';
    await expect(client.allowSite(HELLO, site)).resolves.toBe(true);
    expect(double.prompts).toEqual([['http://127.0.0.1/*']]);
    expect(double.scripts.get(`${SITE_SCRIPT_PREFIX}${site}`)?.matches).toEqual(['http://127.0.0.1/*']);
    expect(await stored()).toEqual({ [site]: [HELLO] });

    double.sender = contentScript(`${site}/`);
    await expect(client.fetch(HELLO, '/hello')).resolves.toMatchObject({ status: 200 });
    double.sender = contentScript('http://127.0.0.1:9999/');
    await expect(client.fetch(HELLO, '/hello')).rejects.toMatchObject({ code: 'site_not_allowed' });

    double.sender = popup(FIREFOX_PAGES);
    await client.disallowSite(HELLO, site);
    expect(double.granted).toEqual(new Set());
    expect(double.scripts.size).toBe(0);
  });
});

describe('sites follow the settings and the browser', () => {
  it('forgets an API the settings no longer name: its sites go, script and grant included', async () => {
    let apis = twoApis();
    const { client, double, service } = system.start({
      settings: async () => {
        const values = { authority: system.idp.authority, issuer: system.idp.issuer, clientId: 'x', apis: JSON.stringify(apis) };
        return toSettingsState({ values, locked: [] });
      },
    });
    await client.allowSite(HELLO, SHOP);
    await client.allowSite(ORDERS, 'https://blog.example');
    apis = apis.filter(({ name }) => name !== ORDERS);
    await service.reload();
    expect(await stored()).toEqual({ [SHOP]: [HELLO] });
    expect([...double.scripts.keys()]).toEqual([`${SITE_SCRIPT_PREFIX}${SHOP}`]);
    expect(double.granted).toEqual(new Set([`${SHOP}/*`]));
  });

  it('registers again at browser start what the records hold, and drops a stray registration of its own only', async () => {
    const { client, double } = system.start();
    await client.allowSite(HELLO, SHOP);
    double.scripts.clear();
    double.scripts.set(`${SITE_SCRIPT_PREFIX}https://gone.example`, { id: `${SITE_SCRIPT_PREFIX}https://gone.example` });
    double.scripts.set('someone-else', { id: 'someone-else' });
    await fakeBrowser.runtime.onStartup.trigger();
    await expect.poll(() => [...double.scripts.keys()].sort()).toEqual([`${SITE_SCRIPT_PREFIX}${SHOP}`, 'someone-else']);
  });
});
