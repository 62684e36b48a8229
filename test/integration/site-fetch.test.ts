// Issue 21, item 4: the content-script channel. A content script may ask the background for one thing, client.fetch,
// and only as this extension's own script in the top frame of a tab whose origin the user allowed for that API, with
// the host permission still granted, a limited number of times a minute per tab. Against the real provider and API.
import { describe, expect, it } from 'vitest';
import type { MessageSender } from '../../packages/mv3-signin/src/core/browser';
import { contentScript, POPUP } from '../support/extension-double';
import { HOSTILE_PATH_CASES } from '../support/hostile-cases';
import { ALICE } from '../support/idp-client';
import { assertNoTokenIn, HELLO, sessionSecrets, useFetchSystem, type FetchSystem } from './fetch-support';

const system = useFetchSystem();
const SHOP = 'https://shop.example';

/** Signed in, with SHOP allowed for HELLO from the options page (the user said yes). */
async function allowedShop(options: Parameters<typeof system.signedIn>[0] = {}): Promise<FetchSystem> {
  const signedIn = await system.signedIn(options);
  await expect(signedIn.client.allowSite(HELLO, SHOP)).resolves.toBe(true);
  return signedIn;
}

/** client.fetch as the content script `sender` sends it. */
function fetchAs({ client, double }: FetchSystem, sender: MessageSender, path = '/hello', api = HELLO) {
  double.sender = sender;
  return client.fetch(api, path);
}

describe('a content script on a site the user allowed (issue 21)', () => {
  it('gets the API’s answer, and no reply holds a token', async () => {
    const shop = await allowedShop();
    const from = system.apiLog.length;
    const response = await fetchAs(shop, contentScript(`${SHOP}/orders`));
    expect(response).toMatchObject({ api: HELLO, status: 200 });
    expect(JSON.parse(response.body)).toMatchObject({ name: ALICE.name });
    expect(system.apiLog.length).toBe(from + 1);
    assertNoTokenIn(shop.double.replies, await sessionSecrets());
  });

  it('on the API’s own origin (the demo page), granted by the manifest: no prompt is needed', async () => {
    const demo = await system.signedIn();
    demo.double.userAllows = false;
    await expect(demo.client.allowSite(HELLO, system.api.origin)).resolves.toBe(true);
    expect(demo.double.prompts).toEqual([]);
    await expect(fetchAs(demo, contentScript(`${system.api.origin}/`))).resolves.toMatchObject({ status: 200 });
  });

  it.each<[string, (site: string) => MessageSender]>([
    ['a site not allowed', () => contentScript('https://other.example/')],
    ['a subframe of the allowed site', (site) => contentScript(`${site}/frame`, 1, { frameId: 5 })],
    [
      'a frame of another origin in a tab of the allowed site',
      (site) => contentScript('https://evil.example/', 1, { tab: { id: 1, url: `${site}/` } }),
    ],
    [
      'a page of the allowed site in a tab showing another origin',
      (site) => contentScript(`${site}/`, 1, { tab: { id: 1, url: 'https://evil.example/' } }),
    ],
    ['the allowed site’s host on another port', () => contentScript('https://shop.example:8443/')],
    ['the allowed site over http', () => contentScript('http://shop.example/')],
    ['a sender with no tab', (site) => ({ ...contentScript(`${site}/`), tab: undefined })],
  ])('refuses %s with site_not_allowed, and nothing reaches the API', async (_name, sender) => {
    const shop = await allowedShop();
    const from = system.apiLog.length;
    await expect(fetchAs(shop, sender(SHOP))).rejects.toMatchObject({ code: 'site_not_allowed' });
    expect(system.apiLog.length).toBe(from);
  });

  it('refuses a site allowed for another API only', async () => {
    const apis = [
      { name: HELLO, url: system.api.url, scopes: 'x' },
      { name: 'Orders API', url: `${system.api.origin}/orders`, scopes: 'y' },
    ];
    const shop = await system.signedIn({ apis: apis.map((api) => ({ ...api, scopes: apis[0]!.scopes })) });
    await shop.client.allowSite('Orders API', SHOP);
    const from = system.apiLog.length;
    await expect(fetchAs(shop, contentScript(`${SHOP}/`), '/hello', HELLO)).rejects.toMatchObject({ code: 'site_not_allowed' });
    expect(system.apiLog.length).toBe(from);
  });

  it('refuses the allowed site once its host permission is gone (the browser’s own menu took it back)', async () => {
    const shop = await allowedShop();
    await expect(fetchAs(shop, contentScript(`${SHOP}/`))).resolves.toMatchObject({ status: 200 });
    shop.double.granted.clear();
    await expect(fetchAs(shop, contentScript(`${SHOP}/`))).rejects.toMatchObject({ code: 'site_not_allowed' });
  });

  it('leaves another extension unanswered (no_answer)', async () => {
    const shop = await allowedShop();
    const other = contentScript(`${SHOP}/`, 1, { id: 'otherextensionidotherextensionid' });
    await expect(fetchAs(shop, other)).rejects.toMatchObject({ code: 'no_answer' });
  });

  it('answers a content script nothing but fetch: every other message goes unanswered', async () => {
    const shop = await allowedShop();
    shop.double.sender = contentScript(`${SHOP}/`);
    await expect(shop.client.getState()).rejects.toMatchObject({ code: 'no_answer' });
    await expect(shop.client.signOut()).rejects.toMatchObject({ code: 'no_answer' });
    await expect(shop.client.getSites()).rejects.toMatchObject({ code: 'no_answer' });
    await expect(shop.client.disallowSite(HELLO, SHOP)).rejects.toMatchObject({ code: 'no_answer' });
    await expect(shop.client.callApi()).rejects.toMatchObject({ code: 'no_answer' });
    shop.double.sender = POPUP;
    await expect(shop.client.getState()).resolves.toMatchObject({ signedIn: true });
    await expect(shop.client.getSites()).resolves.toEqual([{ origin: SHOP, apis: [HELLO] }]);
  });

  it.each(HOSTILE_PATH_CASES.map((c) => [c.name, c.path] as const))(
    'refuses the hostile path %s from the allowed site: nothing reaches the API',
    async (_name, path) => {
      const shop = await allowedShop();
      const from = system.apiLog.length;
      await expect(fetchAs(shop, contentScript(`${SHOP}/`), path)).rejects.toMatchObject({ code: 'api_path_refused' });
      expect(system.apiLog.length).toBe(from);
      assertNoTokenIn(shop.double.replies, await sessionSecrets());
    },
  );
});

describe('the rate limit of content scripts (Limits.siteCallsPerMinute)', () => {
  it('serves a tab the allowed number of calls a minute, refuses the next with rate_limited; another tab and the pages go on', async () => {
    const shop = await allowedShop({ limits: { siteCallsPerMinute: 3 } });
    for (let call = 0; call < 3; call++)
      await expect(fetchAs(shop, contentScript(`${SHOP}/`, 1))).resolves.toMatchObject({ status: 200 });
    const from = system.apiLog.length;
    await expect(fetchAs(shop, contentScript(`${SHOP}/`, 1))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(system.apiLog.length).toBe(from);
    await expect(fetchAs(shop, contentScript(`${SHOP}/`, 2))).resolves.toMatchObject({ status: 200 });
    for (let call = 0; call < 5; call++) await expect(fetchAs(shop, POPUP)).resolves.toMatchObject({ status: 200 });
  });

  it('counts the refused calls of a tab too (a hostile page cannot go around it with bad paths)', async () => {
    const shop = await allowedShop({ limits: { siteCallsPerMinute: 2 } });
    await expect(fetchAs(shop, contentScript(`${SHOP}/`), '/admin')).rejects.toMatchObject({ code: 'api_path_refused' });
    await expect(fetchAs(shop, contentScript(`${SHOP}/`), '/hello')).resolves.toMatchObject({ status: 200 });
    await expect(fetchAs(shop, contentScript(`${SHOP}/`), '/hello')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('defaults to 60 a minute', async () => {
    const shop = await allowedShop();
    const sender = contentScript(`${SHOP}/`, 9);
    const paths = Array.from({ length: 60 }, () => fetchAs(shop, sender, '/admin').catch((err: { code: string }) => err.code));
    expect(new Set(await Promise.all(paths))).toEqual(new Set(['api_path_refused']));
    await expect(fetchAs(shop, sender)).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
