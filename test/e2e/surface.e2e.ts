import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLogin } from './support/popup';
import { ALICE, JWT_PATTERN, startSystem, type System } from './support/system';

// Issue 5, item 3: the extension's surface. Only its own pages are answered, bad input does not
// crash the worker, and no reply ever carries a token.
let system: System;
let site: Server;
let siteOrigin: string;

interface Outcome {
  readonly replied: boolean;
  readonly reply?: unknown;
  readonly error?: string;
}

beforeAll(async () => {
  system = await startSystem();
  // Another origin on loopback: a web page the user happens to visit.
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!DOCTYPE html><title>Another site</title><p>hello</p>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await system?.close();
  await new Promise((resolve) => site?.close(resolve));
});

/** Marks the running service worker, so a later check can tell it was neither crashed nor restarted. */
async function markWorker(): Promise<string> {
  const mark = crypto.randomUUID();
  const worker = await system.ext.worker();
  await worker.evaluate((value) => {
    (globalThis as { __surfaceMark?: string }).__surfaceMark = value;
  }, mark);
  return mark;
}

async function workerMark(): Promise<string | undefined> {
  const worker = await system.ext.worker();
  return worker.evaluate(() => (globalThis as { __surfaceMark?: string }).__surfaceMark);
}

/** Sends from an extension page; never throws. */
function sendFrom(page: Page, message: unknown): Promise<Outcome> {
  return page.evaluate(async (m) => {
    try {
      const reply: unknown = await chrome.runtime.sendMessage(m);
      return reply === undefined ? { replied: false } : { replied: true, reply };
    } catch (err) {
      return { replied: false, error: String((err as Error).message) };
    }
  }, message);
}

async function expectWorkerAnswers(page: Page, signedIn: boolean): Promise<void> {
  const outcome = await sendFrom(page, { type: 'getState' });
  expect(outcome).toMatchObject({ replied: true, reply: { ok: true, value: { signedIn } } });
}

describe('the extension surface (issue 5)', () => {
  it('a web page on another origin gets nothing from chrome.runtime.sendMessage(extId, …)', async () => {
    const mark = await markWorker();
    const page = await system.ext.browser.newPage();
    await page.goto(`${siteOrigin}/`);
    const outcome = await page.evaluate(async (id) => {
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => unknown } } }).chrome
        ?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return { kind: 'no-api' };
      const send = runtime.sendMessage;
      try {
        const reply = await new Promise((resolve) => {
          setTimeout(() => resolve('no-answer'), 2000);
          send(id, { type: 'getState' }, (value: unknown) => resolve(value));
        });
        return { kind: reply === 'no-answer' ? 'no-answer' : 'reply', reply };
      } catch (err) {
        return { kind: 'error', message: String(err) };
      }
    }, system.ext.extensionId);
    expect(outcome.kind).not.toBe('reply');
    if ('reply' in outcome) expect(outcome.reply === 'no-answer' || outcome.reply === undefined).toBe(true);

    // Nor can it load the extension's pages (no web_accessible_resources).
    const fetched = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'loaded';
      } catch {
        return 'blocked';
      }
    }, `${system.ext.origin}/popup.html`);
    expect(fetched).toBe('blocked');
    await page.close();

    const popup = await system.ext.openPopupTab();
    await expectWorkerAnswers(popup, false);
    expect(await workerMark()).toBe(mark);
    await popup.close();
  });

  it('malformed messages from the popup get no reply and do not crash the worker', async () => {
    const signedIn = await system.signIn(ALICE);
    const page = signedIn.page;
    const mark = await markWorker();
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const malformed: unknown[] = [
      { type: 'noSuchMessage' },
      { type: 'signIn', extra: 1 },
      { type: 'getState', payload: huge },
      [{ type: 'getState' }],
      [],
      null,
      'getState',
      42,
      true,
      {},
      { type: 42 },
      { type: ['getState'] },
      { type: 'constructor' },
      { type: 'toString' },
      { type: '__proto__' },
      { Type: 'getState' },
      huge,
    ];
    system.idp.controls.reset();
    for (const message of malformed) {
      const outcome = await sendFrom(page, message);
      expect(outcome.replied, JSON.stringify(message)?.slice(0, 60)).toBe(false);
    }
    // { type: 'signIn', extra: 1 } did not start a sign-in.
    expect(system.idp.controls.stats().authorizeRequests).toBe(0);
    await expectWorkerAnswers(page, true);
    expect(await workerMark()).toBe(mark);
  });

  it('no reply to any message carries a token', async () => {
    const popup = (await system.ext.browser.pages()).find((p) => p.url().startsWith(`${system.ext.origin}/popup.html`));
    const page = popup ?? (await system.signIn(ALICE)).page;
    await expectWorkerAnswers(page, true);
    // Tokens exist, so a leak would show.
    expect(await system.storageDump()).toMatch(JWT_PATTERN);

    const replies: Outcome[] = [];
    replies.push(await sendFrom(page, { type: 'getState' }));
    replies.push(await signInAgain(page));
    replies.push(await sendFrom(page, { type: 'callApi' }));
    replies.push(await sendFrom(page, { type: 'signOut' }));

    expect(replies.map((r) => r.replied)).toEqual([true, true, true, true]);
    expect(replies[2]).toMatchObject({ reply: { ok: true, value: { status: 200 } } });
    for (const reply of replies) expect(JSON.stringify(reply)).not.toMatch(JWT_PATTERN);
    expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
  });
});

/** Sends signIn while signed in; the provider's session usually skips its form, else it is filled. */
async function signInAgain(page: Page): Promise<Outcome> {
  const reply = sendFrom(page, { type: 'signIn' });
  let done = false;
  void reply.finally(() => {
    done = true;
  });
  while (!done) {
    for (const p of await system.ext.browser.pages()) {
      if (p.url().startsWith(system.idp.origin) && (await p.$('#signInName').catch(() => null))) {
        await submitLogin(p, ALICE.email, ALICE.password).catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return reply;
}
