// Issue 21, item 5 and the second "Done when": the content script on the API's demo page. It shows the signed-in
// user's data there once "Show on <origin>" is on; a hostile script of that page (page.evaluate, the page's own world)
// cannot make it fetch another origin or another path prefix (the hostile path table of test/support/hostile-cases.ts)
// nor see a token; a compromised content script (raw messages from its isolated world, through CDP) gets no more; and
// a content script where the site is not allowed is refused.
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishMessage } from '../../build/locales';
import { ALLOWED_PATH_CASES, HOSTILE_PATH_API_PATH } from '../support/hostile-cases';
import { axeViolations } from './support/axe';
import { e2eApiUrl } from './support/e2e-env';
import { englishUserMessage } from './support/english';
import { focusedLabel, isChecked, openOptions, tabToLabel } from './support/options';
import {
  apiCalls,
  CALLS_PER_MINUTE,
  outputText,
  pageAsks,
  servedText,
  shown,
  askPathCases,
  startEvilServer,
  toggleSite,
  type EvilServer,
} from './support/site';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem();

/** The e2e build's one API (WXT_API_URL + WXT_SCOPES), and its own origin, where its demo page is. */
const API = 'API';
const apiOrigin = new URL(e2eApiUrl).origin;
const SHOW = `Show on ${apiOrigin}`;
const SCRIPT_ID = `mv3-signin-site:${apiOrigin}`;

let evil: EvilServer;
let served: string;

beforeAll(async () => {
  evil = await startEvilServer();
  served = await servedText(apiOrigin);
});
afterAll(async () => {
  await evil?.close();
});

// Runs in the page's own world before its content: records what the page could be handed (window messages).
function recordWindowMessages(): void {
  const seen: string[] = [];
  (window as unknown as { seenMessages: string[] }).seenMessages = seen;
  window.addEventListener('message', (event) => seen.push(JSON.stringify(event.data) ?? String(event.data)), true);
}

/** A tab on the API's demo page. */
async function openDemoPage(): Promise<Page> {
  const page = await system.ext.browser.newPage();
  await page.evaluateOnNewDocument(recordWindowMessages);
  await page.goto(`${apiOrigin}/`);
  return page;
}

/** Turns "Show on <API origin>" on or off in the options page, with the mouse, and waits until it took effect. */
async function showOnApiOrigin(on: boolean): Promise<void> {
  const page = await openOptions(system.ext);
  await page.waitForSelector('[data-testid="sites"]');
  await toggleSite(page, API, apiOrigin, on);
  expect(await isChecked(page, SHOW)).toBe(on);
  await page.close();
}

/** The extension's content scripts registered at run time, as the worker sees them. */
async function registeredScripts(): Promise<{ id: string; matches?: string[]; js?: string[] }[]> {
  return (await system.ext.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
}

interface Outcome {
  readonly replied: boolean;
  readonly reply?: unknown;
  readonly error?: string;
}

// Sent from the content script's own world: written as plain JavaScript, for Runtime.evaluate.
const SEND_FROM_CONTENT_SCRIPT = `async (message) => {
  try {
    const reply = await chrome.runtime.sendMessage(message);
    return reply === undefined ? { replied: false } : { replied: true, reply };
  } catch (err) {
    return { replied: false, error: String(err && err.message) };
  }
}`;

/**
 * A compromised content script: messages sent from the extension's content script world in `page` (the isolated
 * world Chrome gives it, whose origin is the extension's), through CDP, as if the script ran an attacker's code.
 */
async function contentScriptWorld(page: Page): Promise<(message: unknown) => Promise<Outcome>> {
  const session = await page.createCDPSession();
  const contexts: { id: number; origin: string }[] = [];
  session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await session.send('Runtime.enable');
  const deadline = Date.now() + 10_000;
  let context = contexts.find(({ origin }) => origin === system.ext.origin);
  while (!context) {
    if (Date.now() > deadline) throw new Error(`No content script world in ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    context = contexts.find(({ origin }) => origin === system.ext.origin);
  }
  const contextId = context.id;
  return async (message) => {
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      contextId,
      expression: `(${SEND_FROM_CONTENT_SCRIPT})(${JSON.stringify(message)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value as Outcome;
  };
}

const apiLogCalls = (from: number) => apiCalls(system.apiLog, from);

describe('the content script on the API’s demo page (issue 21)', () => {
  beforeAll(async () => {
    const popup = await system.signIn();
    await popup.page.close();
  });

  it('is not on the page until "Show on <origin>" is on; the options page passes axe and works by keyboard', async () => {
    const before = await openDemoPage();
    // Nothing registered, nothing shown: the served text stays (the content script would have answered by now).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await outputText(before)).toBe(served);
    expect(await registeredScripts()).toEqual([]);
    await before.close();

    const options = await openOptions(system.ext);
    await options.waitForSelector('[data-testid="sites"]');
    expect(await isChecked(options, SHOW)).toBe(false);
    expect(await axeViolations(options), 'off').toEqual([]);
    // The keyboard alone: Tab to the checkbox, Space turns it on (a key press is a user gesture for the permission).
    await options.bringToFront();
    await tabToLabel(options, SHOW);
    expect(await focusedLabel(options)).toEqual({ label: SHOW, ringShown: true });
    await options.keyboard.press('Space');
    await options.waitForFunction(
      (text) => document.querySelector('[data-testid="announcement"]')?.textContent === text,
      { timeout: 10_000 },
      englishMessage('options_site_shown', API, apiOrigin),
    );
    expect(await isChecked(options, SHOW)).toBe(true);
    expect((await focusedLabel(options)).label).toBe(SHOW);
    expect(await axeViolations(options), 'on').toEqual([]);
    await options.close();

    expect(await registeredScripts()).toEqual([
      expect.objectContaining({ id: SCRIPT_ID, matches: [`${apiOrigin}/*`], js: ['content-scripts/site.js'] }),
    ]);
    // A page of the extension sees the record (client.getSites()); it holds no secret.
    expect(await system.storageDump()).toContain(JSON.stringify({ [apiOrigin]: [API] }));
  });

  it('shows the signed-in user’s data, fetched by the background: no token in anything the page can read', async () => {
    const logFrom = system.apiLog.length;
    const page = await openDemoPage();
    const text = await shown(page, served);
    expect(JSON.parse(text)).toEqual({ name: ALICE.name, subject: ALICE.oid, scopes: expect.any(Array) });

    const view = await page.evaluate(() => ({
      html: document.documentElement.outerHTML,
      messages: (window as unknown as { seenMessages: string[] }).seenMessages,
      storage: JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]),
      // The page itself fetched nothing but itself: the background made the call.
      resources: performance.getEntriesByType('resource').map((entry) => entry.name),
    }));
    expect(view.html).toContain(ALICE.name);
    // The tokens the background holds (not vacuous: the pattern finds them), none of them in what the page sees.
    const tokens = (await system.storageDump()).match(new RegExp(JWT_PATTERN.source, 'g')) ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    for (const seen of [view.html, ...view.messages, view.storage]) {
      expect(seen).not.toMatch(JWT_PATTERN);
      for (const token of tokens) expect(seen).not.toContain(token.split('.')[2] || token);
    }
    expect(view.resources).toEqual([]);
    // Besides the page itself, the API saw one call: its /hello, with Alice's token.
    expect(apiLogCalls(logFrom)).toEqual([
      expect.objectContaining({ method: 'GET', path: HOSTILE_PATH_API_PATH, status: 200, sub: ALICE.oid }),
    ]);
    await page.close();
  });

  it('a hostile page cannot make it fetch another origin or another path prefix (the hostile path table)', async () => {
    expect(HOSTILE_PATH_API_PATH).toBe(new URL(e2eApiUrl).pathname);
    const logFrom = system.apiLog.length;
    const { tabs } = await askPathCases(openDemoPage, served, evil);
    // Besides the pages, the API saw each tab's first call and the allowed paths, all under /hello: none refused.
    const calls = apiLogCalls(logFrom);
    expect(calls).toHaveLength(tabs + ALLOWED_PATH_CASES.length);
    for (const { path, status, sub } of calls) {
      expect(path === HOSTILE_PATH_API_PATH || path?.startsWith(`${HOSTILE_PATH_API_PATH}/`), path ?? '').toBe(true);
      // Only /hello itself reads the token (the API answers 404 below it): Alice's.
      if (path === HOSTILE_PATH_API_PATH) expect({ status, sub }).toEqual({ status: 200, sub: ALICE.oid });
    }
  });

  it('a hostile page cannot make it call an API not allowed here: any other name is refused, not looked up', async () => {
    const page = await openDemoPage();
    await shown(page, served);
    const notAllowed = englishUserMessage('site_not_allowed');
    for (const api of ['Nope', 'api', ' API', 'API ', 'Hello API', '__proto__', 'constructor', 'x'.repeat(100)]) {
      expect(await pageAsks(page, { api, path: '/hello' }), JSON.stringify(api)).toBe(notAllowed);
    }
    // No name at all is no request.
    expect(await pageAsks(page, { api: '', path: '/hello' })).toBe(englishUserMessage('bad_request'));
    // The control: the allowed API still answers in that tab.
    expect(JSON.parse(await pageAsks(page, { api: API, path: '/hello' }))).toMatchObject({ name: ALICE.name });
    expect(evil.requests).toEqual([]);
    await page.close();
  });

  it('the page’s own world cannot reach the extension at all (no externally_connectable)', async () => {
    const page = await openDemoPage();
    await shown(page, served);
    const outcome = await page.evaluate(async (id) => {
      const runtime = (window as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome
        ?.runtime;
      if (!runtime?.sendMessage) return 'no runtime';
      try {
        return JSON.stringify(
          (await runtime.sendMessage(id, { type: 'apiFetch', value: { api: 'API', path: '/hello' } })) ?? null,
        );
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    }, system.ext.extensionId);
    expect(outcome).toMatch(/^(no runtime|error: |null$)/);
    await page.close();
  });

  it('a compromised content script gets data and nothing else: no token, no other message, no other site', async () => {
    const page = await openDemoPage();
    await shown(page, served);
    const send = await contentScriptWorld(page);

    // What the content script is for: the API's answer, never a token.
    const ok = await send({ type: 'apiFetch', value: { api: API, path: '/hello' } });
    expect(ok).toMatchObject({ replied: true, reply: { ok: true, value: { api: API, status: 200 } } });
    expect(JSON.stringify(ok)).not.toMatch(JWT_PATTERN);
    expect(JSON.stringify(ok)).toContain(ALICE.name);

    // The path rule and the site record hold for raw messages too.
    for (const path of [`http://${evil.host}/hello`, `//${evil.host}/hello`, '/hello/../admin', '/admin']) {
      expect(await send({ type: 'apiFetch', value: { api: API, path } }), path).toMatchObject({
        replied: true,
        reply: { ok: false, error: { code: 'api_path_refused' } },
      });
    }
    expect(await send({ type: 'apiFetch', value: { api: 'Nope', path: '/hello' } })).toMatchObject({
      reply: { ok: false, error: { code: 'site_not_allowed' } },
    });
    // Malformed values are refused, never answered with data.
    for (const value of [undefined, null, 'API', { api: API }, { api: 1, path: '/hello' }, { api: API, path: ['/hello'] }]) {
      const outcome = await send({ type: 'apiFetch', ...(value === undefined ? {} : { value }) });
      expect(outcome.replied && (outcome.reply as { ok?: boolean }).ok, JSON.stringify(value)).not.toBe(true);
    }

    // Every other message is the extension's own pages': no answer at all.
    const evilOrigin = `http://${evil.host}`;
    const ownPagesOnly = [
      { type: 'getState' },
      { type: 'callApi' },
      { type: 'callNamedApi', value: API },
      { type: 'getSettings' },
      { type: 'getSites' },
      { type: 'allowSite', value: { api: API, origin: evilOrigin } },
      { type: 'disallowSite', value: { api: API, origin: apiOrigin } },
      { type: 'checkSettings', value: { apiUrl: `${evilOrigin}/hello` } },
      { type: 'saveSettings', value: { apiUrl: `${evilOrigin}/hello` } },
      { type: 'signOut' },
    ];
    for (const message of ownPagesOnly) {
      const outcome = await send(message);
      expect(outcome.replied, message.type).toBe(false);
      expect(JSON.stringify(outcome)).not.toMatch(JWT_PATTERN);
    }
    // None of them took effect: still signed in, the same site record and registration, nothing sent to the evil server.
    const dump = await system.storageDump();
    expect(dump).toContain(ALICE.name);
    expect(dump).toContain(JSON.stringify({ [apiOrigin]: [API] }));
    expect(dump).not.toContain(evil.host);
    expect((await registeredScripts()).map(({ id }) => id)).toEqual([SCRIPT_ID]);
    expect(evil.requests).toEqual([]);
    await page.close();
  });

  it(`a tab gets at most ${CALLS_PER_MINUTE} calls a minute; another tab is served meanwhile`, async () => {
    const flooding = await openDemoPage();
    await shown(flooding, served);
    const send = await contentScriptWorld(flooding);
    const codes: string[] = [];
    for (let i = 0; i < CALLS_PER_MINUTE + 5; i++) {
      const { reply } = await send({ type: 'apiFetch', value: { api: API, path: '/hello' } });
      const answer = reply as { ok: boolean; error?: { code: string } };
      codes.push(answer.ok ? 'ok' : (answer.error?.code ?? 'none'));
    }
    // The page's own first call counted too.
    expect(codes.filter((code) => code === 'ok')).toHaveLength(CALLS_PER_MINUTE - 1);
    expect(codes.slice(CALLS_PER_MINUTE - 1)).toEqual(Array(6).fill('rate_limited'));
    expect(await pageAsks(flooding, { path: '/hello' })).toBe(englishUserMessage('rate_limited'));
    await flooding.close();

    const other = await openDemoPage();
    expect(JSON.parse(await shown(other, served))).toMatchObject({ name: ALICE.name });
    await other.close();
  });

  it('turned off while a tab is open: that tab’s next call is refused, and new tabs get no content script', async () => {
    const open = await openDemoPage();
    expect(JSON.parse(await shown(open, served))).toMatchObject({ name: ALICE.name });

    await showOnApiOrigin(false);
    expect(await registeredScripts()).toEqual([]);
    expect(await system.storageDump()).not.toContain(JSON.stringify({ [apiOrigin]: [API] }));
    // The script still runs in the open tab: the background refuses it.
    const logFrom = system.apiLog.length;
    expect(await pageAsks(open, { path: '/hello' })).toBe(englishUserMessage('site_not_allowed'));
    expect(apiLogCalls(logFrom)).toEqual([]);
    await open.close();

    const after = await openDemoPage();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await outputText(after)).toBe(served);
    await after.close();
    // The API's own origin keeps its host permission (the manifest's), so turning it on again needs no prompt.
    await showOnApiOrigin(true);
  });

  it('a content script in a tab whose site was not allowed is refused (the provider’s page, injected by the test)', async () => {
    const page = await system.ext.browser.newPage();
    // The provider's origin: the extension has its host permission (the manifest's), but the user allowed no API there.
    await page.goto(`${system.idp.origin}/`);
    await page.evaluate(() => {
      const output = document.createElement('output');
      output.setAttribute('data-signin-api', 'API');
      output.setAttribute('data-signin-path', '/hello');
      output.textContent = 'not shown';
      document.body.append(output);
    });
    const worker = await system.ext.worker();
    await worker.evaluate(async (origin) => {
      const [tab] = await chrome.tabs.query({ url: `${origin}/*` });
      await chrome.scripting.executeScript({ target: { tabId: tab!.id! }, files: ['/content-scripts/site.js'] });
    }, system.idp.origin);
    const logFrom = system.apiLog.length;
    expect(await shown(page, 'not shown')).toBe(englishUserMessage('site_not_allowed'));
    const send = await contentScriptWorld(page);
    expect(await send({ type: 'apiFetch', value: { api: API, path: '/hello' } })).toMatchObject({
      reply: { ok: false, error: { code: 'site_not_allowed' } },
    });
    expect(apiLogCalls(logFrom)).toEqual([]);
    await page.close();
  });
});
