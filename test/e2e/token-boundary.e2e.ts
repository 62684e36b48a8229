import { STORAGE_KEYS } from 'mv3-signin/settings';
import { describe, expect, it } from 'vitest';
import { popupPage, submitLogin, waitForAuthWindow } from './support/popup';
import { ALICE, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

// Issue 12, item 9: every extension page shares the extension's origin, so "the popup never
// handles tokens" is a discipline of the code, and this test holds it: no runtime message reply
// carries a token, and the popup reads no secret item of storage. The other guards are tested
// elsewhere: the strict CSP of the built manifest in test/integration/manifest-audit.test.ts, and
// provider text shown as text, never markup, in test/e2e/hostile.e2e.ts
// (access-denied-with-html-description).
const system = useSystem();

/** The items of storage.session that hold secrets: the tokens and the PKCE verifier. */
const SECRET_ITEMS = [STORAGE_KEYS.session.tokens, STORAGE_KEYS.session.transaction];

interface Captured {
  replies: string[];
  reads: unknown[];
}

// Runs in the popup before its own scripts: records every reply to a runtime message and every
// storage.session read, whether called with a callback (webextension-polyfill) or a promise.
function capture(): void {
  const captured: Captured = { replies: [], reads: [] };
  (window as unknown as { captured: Captured }).captured = captured;
  type Api = Record<string, (...args: unknown[]) => unknown>;
  const wrap = (api: Api, name: string, seen: (args: unknown[]) => void, answered: (value: unknown) => void) => {
    const original = api[name]!.bind(api);
    api[name] = (...args: unknown[]) => {
      seen(args);
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        return original(...args.slice(0, -1), (value: unknown) => {
          answered(value);
          (callback as (value: unknown) => void)(value);
        });
      }
      const result = original(...args) as Promise<unknown> | undefined;
      void result?.then(answered, () => undefined);
      return result;
    };
  };
  wrap(
    chrome.runtime as unknown as Api,
    'sendMessage',
    () => undefined,
    (reply) => captured.replies.push(JSON.stringify(reply ?? null)),
  );
  wrap(
    chrome.storage.session as unknown as Api,
    'get',
    ([keys]) => captured.reads.push(typeof keys === 'function' || keys === undefined ? null : keys),
    () => undefined,
  );
}

describe('the token boundary (issue 12)', () => {
  it('no reply the popup receives carries a token, and the popup reads no secret item', async () => {
    const page = await system.ext.browser.newPage();
    await page.evaluateOnNewDocument(capture);
    await page.goto(`${system.ext.origin}/popup.html`);
    const popup = popupPage(page);

    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    expect(await popup.userName()).toBe(ALICE.name);
    const worker = await system.ext.worker();
    const secrets: string[] = await worker.evaluate(async (key) => {
      const { [key]: tokens } = await chrome.storage.session.get(key);
      const t = tokens as { accessToken: string; refreshToken: string; idToken: string };
      return [t.accessToken, t.refreshToken, t.idToken];
    }, STORAGE_KEYS.session.tokens);
    await popup.click('Call API');
    await popup.apiResult();
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');

    const { replies, reads } = await page.evaluate(() => (window as unknown as { captured: Captured }).captured);
    // Not vacuous: the capture saw the signed-in state and the API's answer.
    expect(replies.some((reply) => reply.includes(ALICE.name!))).toBe(true);
    expect(replies.some((reply) => reply.includes('"status":200'))).toBe(true);
    for (const reply of replies) {
      expect(reply).not.toMatch(JWT_PATTERN);
      for (const secret of secrets) expect(reply).not.toContain(secret);
    }
    for (const keys of reads) {
      expect(keys, 'a read of all of storage.session').not.toBeNull();
      const names = typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys as object);
      for (const name of names) expect(SECRET_ITEMS).not.toContain(name);
    }
    await page.close();
  });
});
