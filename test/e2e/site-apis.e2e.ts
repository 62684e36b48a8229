// Issue 21, item 5 with two APIs (E2E.apisMode): a site is allowed for one API at a time. The first API's demo page,
// allowed for the first API only, cannot make the content script call the second API (a configured API, not allowed
// there), even once the second API is allowed on its own origin; and the other way round.
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { E2E, e2eApiUrl, e2eSecondApiUrl } from './support/e2e-env';
import { englishUserMessage } from './support/english';
import { openOptions } from './support/options';
import { apiCalls, pageAsks, servedText, shown, toggleSite } from './support/site';
import { ALICE } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.apisMode });

/** One of the two APIs: its name, its own origin (where its demo page is), and its log lines. */
interface Site {
  readonly api: string;
  readonly origin: string;
  log(): readonly string[];
}

const first: Site = { api: E2E.apiName, origin: new URL(e2eApiUrl).origin, log: () => system.apiLog };
const second: Site = { api: E2E.secondApiName, origin: new URL(e2eSecondApiUrl).origin, log: () => system.secondApiLog };

async function allow(site: Site): Promise<void> {
  const page = await openOptions(system.ext);
  await page.waitForSelector('[data-testid="sites"]');
  await toggleSite(page, site.api, site.origin, true);
  await page.close();
}

/** A tab on `site`'s demo page, once the content script showed that API's answer there. */
async function openDemoPage(site: Site): Promise<{ page: Page; data: unknown }> {
  const page = await system.ext.browser.newPage();
  await page.goto(`${site.origin}/`);
  return { page, data: JSON.parse(await shown(page, await servedText(site.origin))) };
}

const calls = (site: Site, from: number) => apiCalls(site.log(), from);

describe('a site is allowed for one API at a time (issue 21)', () => {
  it('the first API’s page cannot make the content script call the second API, nor the other way round', async () => {
    const popup = await system.signIn();
    await popup.page.close();
    const notAllowed = englishUserMessage('site_not_allowed');

    await allow(first);
    const onFirst = await openDemoPage(first);
    expect(onFirst.data).toMatchObject({ name: ALICE.name, scopes: expect.arrayContaining(['demo.read']) });
    let from = second.log().length;
    expect(await pageAsks(onFirst.page, { api: second.api, path: '/hello' })).toBe(notAllowed);
    expect(calls(second, from)).toEqual([]);

    // The second API allowed on its own origin: still not on the first API's.
    await allow(second);
    const onSecond = await openDemoPage(second);
    expect(onSecond.data).toMatchObject({ name: ALICE.name, scopes: expect.arrayContaining(['orders.read']) });
    from = second.log().length;
    expect(await pageAsks(onFirst.page, { api: second.api, path: '/hello' })).toBe(notAllowed);
    expect(calls(second, from)).toEqual([]);
    from = first.log().length;
    expect(await pageAsks(onSecond.page, { api: first.api, path: '/hello' })).toBe(notAllowed);
    expect(calls(first, from)).toEqual([]);
    // The control: each page's own API still answers.
    expect(JSON.parse(await pageAsks(onFirst.page, { api: first.api, path: '/hello' }))).toMatchObject({ name: ALICE.name });
    await onFirst.page.close();
    await onSecond.page.close();
  });
});
