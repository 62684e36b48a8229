/**
 * The API's demo page as the content-script tests drive it (test/e2e/site.e2e.ts in Chromium, site-firefox.e2e.ts):
 * the page's `<output data-signin-api data-signin-path>`, a hostile page script changing those attributes, the options
 * page's "Show on <origin>" checkbox, and a loopback "evil" server that must never be reached.
 */
import { createServer } from 'node:http';
import type { Page } from 'puppeteer';
import { expect } from 'vitest';
import { englishMessage } from '../../../build/locales';
import { closeServer, listenOnLoopback } from '../../../server/listen';
import { ALLOWED_PATH_CASES, HOSTILE_PATH_CASES } from '../../support/hostile-cases';
import { englishUserMessage } from './english';
import { isChecked } from './options';

/** The content script's calls a tab may make in a minute (the package's Limits.siteCallsPerMinute default). */
export const CALLS_PER_MINUTE = 60;

/** The demo page's `<output>` text as the API at `origin` serves it, before any content script (read by Node). */
export async function servedText(origin: string): Promise<string> {
  return /<output[^>]*>([^<]*)<\/output>/.exec(await (await fetch(`${origin}/`)).text())?.[1] ?? '';
}

export const outputText = (page: Page): Promise<string> => page.$eval('output', (el) => el.textContent ?? '');

/** Waits until the content script showed something other than `before` in the output, and returns it. */
export async function shown(page: Page, before: string, timeout = 10_000): Promise<string> {
  await page
    .waitForFunction(
      (old) => {
        const el = document.querySelector('output');
        return el !== null && !el.hasAttribute('aria-busy') && el.textContent !== old;
      },
      // Mutations, not animation frames: a tab in the background draws no frames.
      { timeout, polling: 'mutation' },
      before,
    )
    .catch(async (err: unknown) => {
      const state = await page.$eval('output', (el) => el.outerHTML).catch(() => 'no output');
      throw new Error(`${page.url()} showed nothing new within ${timeout} ms: ${state}`, { cause: err });
    });
  return outputText(page);
}

/**
 * The hostile page's move: in the page's own world, empties the output and sets the data-signin-* attributes; then
 * what the content script shows for them.
 */
export async function pageAsks(page: Page, change: { api?: string; path?: string }): Promise<string> {
  await page.evaluate(({ api, path }) => {
    const output = document.querySelector('output')!;
    output.textContent = '';
    if (api !== undefined) output.setAttribute('data-signin-api', api);
    if (path !== undefined) output.setAttribute('data-signin-path', path);
  }, change);
  return shown(page, '');
}

/**
 * Clicks the options page's checkbox labelled `label` ("Show on <origin>") when it is not `on` yet, and waits until
 * the page says it took effect (`options_site_shown` or `_hidden` for `api` on `origin`).
 */
export async function toggleSite(page: Page, api: string, origin: string, on: boolean): Promise<void> {
  const label = `Show on ${origin}`;
  if ((await isChecked(page, label)) === on) return;
  await page.click(`::-p-xpath(//label[normalize-space(.)="${label}"])`);
  const said = englishMessage(on ? 'options_site_shown' : 'options_site_hidden', api, origin);
  const outcome = await page.waitForFunction(
    (text) =>
      document.querySelector('[data-testid="sites-problem"]')?.textContent ??
      (document.querySelector('[data-testid="announcement"]')?.textContent === text ? 'done' : false),
    { timeout: 10_000 },
    said,
  );
  const result = await outcome.jsonValue();
  if (result !== 'done') throw new Error(`"${label}" did not turn ${on ? 'on' : 'off'}: ${String(result)}`);
}

/** One line of the reference API's log (server/api/log.ts). */
export interface ApiLogEntry {
  readonly method: string | null;
  readonly path: string | null;
  readonly status: number;
  readonly sub?: string;
}

/**
 * The calls in the API's log `lines` from line `from` on: the requests other than for the demo page itself (`GET /`).
 * A socket the browser opened ahead and never used is logged too, as a 408 with no method: that is no request.
 */
export function apiCalls(lines: readonly string[], from = 0): ApiLogEntry[] {
  return lines
    .slice(from)
    .map((line) => JSON.parse(line) as ApiLogEntry)
    .filter(({ method, path }) => method !== null && path !== '/');
}

/** A loopback server standing for the attacker's: it answers anything, and records every request. */
export interface EvilServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export async function startEvilServer(): Promise<EvilServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"stolen":true}');
  });
  const host = `127.0.0.1:${await listenOnLoopback(server, 0)}`;
  return { host, requests, close: () => closeServer(server) };
}

/** A case of the hostile path table, aimed at `evil`'s host where the table says evil.example, and whether it is allowed. */
export interface SitePathCase {
  readonly name: string;
  readonly path: string;
  readonly allowed: boolean;
}

/** The hostile path table (refused) and its allowed paths, with `evil.example` replaced by the loopback evil server. */
export function sitePathCases(evil: EvilServer): SitePathCase[] {
  return [
    ...HOSTILE_PATH_CASES.map(({ name, path }) => ({ name, path: path.replaceAll('evil.example', evil.host), allowed: false })),
    ...ALLOWED_PATH_CASES.map(({ name, path }) => ({ name, path, allowed: true })),
  ];
}

/**
 * Asks the demo page for every case of the hostile path table, as a hostile page script would (softly: every case
 * runs, so a leak also shows at the evil server and in the API's log), from a fresh tab for every batch of cases (a
 * tab gets CALLS_PER_MINUTE calls a minute). Each tab's first call is the page's own, which the API answers too.
 *
 * @returns how many tabs were opened and the cases asked.
 */
export async function askPathCases(
  openDemoPage: () => Promise<Page>,
  served: string,
  evil: EvilServer,
): Promise<{ readonly tabs: number; readonly cases: readonly SitePathCase[] }> {
  const refused = englishUserMessage('api_path_refused');
  const batch = CALLS_PER_MINUTE - 10;
  let page: Page | undefined;
  let tabs = 0;
  const cases = sitePathCases(evil);
  for (const [index, { name, path, allowed }] of cases.entries()) {
    if (index % batch === 0) {
      await page?.close();
      page = await openDemoPage();
      tabs += 1;
      await shown(page, served);
    }
    const text = await pageAsks(page!, { path });
    if (allowed) expect.soft(text, name).not.toBe(refused);
    else expect.soft(text, name).toBe(refused);
  }
  await page?.close();
  // Not vacuous: the table does aim at the evil server.
  expect(cases.some(({ path }) => path.includes(evil.host))).toBe(true);
  expect.soft(evil.requests).toEqual([]);
  return { tabs, cases };
}
