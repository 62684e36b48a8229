// Issue 21, the first "Done when": one sign-in, a token per API. The build lists two APIs (WXT_APIS, E2E.apisMode):
// the e2e tenant's reference API twice, with two audiences and scopes. The sign-in window asks for the first API's
// scopes; the second API's token comes with no window; each API gets only its own token; with every token expired,
// calls of both at once present no refresh token twice; sign-out removes both. And the popup's "Call <name>" buttons
// work by keyboard and pass axe.
import { decodeJwt } from 'jose';
import { STORAGE_KEYS } from 'mv3-signin/settings';
import type { Target } from 'puppeteer';
import { beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { popupPage, type PopupPage } from './support/popup';
import { ALICE, E2E, JWT_PATTERN } from './support/system';
import { useSystem } from './support/use-system';

const system = useSystem({ mode: E2E.apisMode });
const FIRST = `Call ${E2E.apiName}` as const;
const SECOND = `Call ${E2E.secondApiName}` as const;
/** The toolbar popup's width. */
const POPUP_WIDTH = 360;

// Every test starts signed out, at the provider too, with its default switches and counters and empty API logs.
beforeEach(async () => {
  const popup = popupPage(await system.ext.openPopupTab());
  if (await popup.hasButton('Sign out')) {
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  }
  await system.closeExtensionPages();
  await system.idp.controls.endSessions();
  system.idp.controls.reset();
  system.apiLog.length = 0;
  system.secondApiLog.length = 0;
});

const stats = () => system.idp.controls.stats();

interface LogLine {
  readonly path: string;
  readonly status: number;
  readonly sub?: string;
  readonly reason?: string;
}
const lines = (log: readonly string[]) => log.map((line) => JSON.parse(line) as LogLine);
/** One verified request of ALICE's, as an API logs it: a token of any other audience is a 401 there. */
const ANSWERED = { path: '/hello', status: 200, sub: ALICE.oid };

/** The popup's answer of `api`, its body parsed. */
async function answerOf(popup: PopupPage, api: string): Promise<{ heading: string; body: unknown }> {
  const { heading, text } = await popup.apiResultOf(api);
  return { heading, body: JSON.parse(text) as unknown };
}

/** What each API answers ALICE: her name and id, and the scopes of the token it was given. */
const answer = (api: string, scope: string) => ({
  heading: `${api} response (200)`,
  body: { name: ALICE.name, subject: ALICE.oid, scopes: [scope] },
});

interface StoredToken {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
}
/** The access tokens in storage.session, by API name (the first API's is the session's own). */
async function storedTokens(): Promise<Record<string, StoredToken>> {
  const worker = await system.ext.worker();
  const tokens = await worker.evaluate(
    async (key) =>
      (await chrome.storage.session.get(key))[key] as (StoredToken & { apis?: Record<string, StoredToken> }) | undefined,
    STORAGE_KEYS.session.tokens,
  );
  return tokens ? { [E2E.apiName]: tokens, ...tokens.apis } : {};
}
const audiences = async () =>
  Object.fromEntries(Object.entries(await storedTokens()).map(([api, token]) => [api, decodeJwt(token.accessToken).aud]));

/** The provider's windows (pages on its origin) that open from now on. */
function watchProviderWindows(): { readonly opened: Set<Target>; stop(): void } {
  const opened = new Set<Target>();
  const onTarget = (target: Target) => {
    if (target.type() === 'page' && target.url().startsWith(system.idp.origin)) opened.add(target);
  };
  const { browser } = system.ext;
  browser.on('targetcreated', onTarget).on('targetchanged', onTarget);
  return { opened, stop: () => browser.off('targetcreated', onTarget).off('targetchanged', onTarget) };
}

describe('one sign-in, two APIs (issue 21)', () => {
  it('one sign-in window, then both APIs answer from the popup, each given only a token of its own audience', async () => {
    const windows = watchProviderWindows();
    const popup = await system.signIn(ALICE);
    const buttons = await popup.page.$$eval('button', (all) => all.map((button) => button.textContent?.trim()));
    expect(buttons.filter((text) => text?.startsWith('Call '))).toEqual([FIRST, SECOND]);

    await popup.click(FIRST);
    expect(await answerOf(popup, E2E.apiName)).toEqual(answer(E2E.apiName, 'demo.read'));
    await popup.click(SECOND);
    expect(await answerOf(popup, E2E.secondApiName)).toEqual(answer(E2E.secondApiName, 'orders.read'));
    windows.stop();

    // One window (the sign-in's); the second API's token came with the refresh token, silently.
    expect(windows.opened.size).toBe(1);
    expect(stats().authorizeRequests).toBe(1);
    expect(stats().tokenRequests).toEqual({ authorization_code: 1, refresh_token: 1 });
    // Each API verified exactly one token, issued for it (its audience, or a 401 there), and nothing else.
    expect(lines(system.apiLog)).toEqual([expect.objectContaining(ANSWERED)]);
    expect(lines(system.secondApiLog)).toEqual([expect.objectContaining(ANSWERED)]);
    expect(await audiences()).toEqual({ [E2E.apiName]: E2E.apiAppId, [E2E.secondApiName]: E2E.secondApiAppId });
  });

  it('with every token expired, both APIs called at once: both answer, one refresh each, no refresh token presented twice', async () => {
    const popup = await system.signIn(ALICE);
    await popup.click(SECOND);
    await answerOf(popup, E2E.secondApiName);
    await system.expireTokens();
    const expired = await storedTokens();
    expect(Object.keys(expired)).toEqual([E2E.apiName, E2E.secondApiName]);
    for (const token of Object.values(expired)) expect(token.accessTokenExpiresAt).toBeLessThan(Date.now());

    // Both buttons of one popup, clicked one right after the other: each API's call runs on its own. Each token
    // request takes 300 ms, so the second call asks for its token while the first one's refresh is still in flight.
    system.idp.controls.reset();
    system.idp.controls.set({ tokenDelayMs: 300 });
    system.apiLog.length = 0;
    system.secondApiLog.length = 0;
    await Promise.all([popup.click(FIRST), popup.click(SECOND)]);
    const busy = (text: string) =>
      popup.page.$eval(`::-p-xpath(//button[normalize-space(.)="${text}"])`, (el) => el.getAttribute('aria-busy'));
    expect([await busy(FIRST), await busy(SECOND)]).toEqual(['true', 'true']);

    expect(await answerOf(popup, E2E.apiName)).toEqual(answer(E2E.apiName, 'demo.read'));
    expect(await answerOf(popup, E2E.secondApiName)).toEqual(answer(E2E.secondApiName, 'orders.read'));
    // One refresh grant per API, one after the other: the provider counts a rotated refresh token presented again.
    expect(stats().refreshTokenReuse).toBe(0);
    expect(stats().tokenRequests.refresh_token).toBe(2);
    expect(lines(system.apiLog)).toEqual([expect.objectContaining(ANSWERED)]);
    expect(lines(system.secondApiLog)).toEqual([expect.objectContaining(ANSWERED)]);
    expect(await audiences()).toEqual({ [E2E.apiName]: E2E.apiAppId, [E2E.secondApiName]: E2E.secondApiAppId });
  });

  it('sign-out leaves no token of either API in storage', async () => {
    const popup = await system.signIn(ALICE);
    await popup.click(SECOND);
    await answerOf(popup, E2E.secondApiName);
    expect(await audiences()).toEqual({ [E2E.apiName]: E2E.apiAppId, [E2E.secondApiName]: E2E.secondApiAppId });

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    const dump = await system.storageDump();
    expect(dump).not.toMatch(JWT_PATTERN);
    expect(dump).not.toContain(`"${STORAGE_KEYS.session.tokens}"`);
  });
});

describe('the popup with two APIs (issue 21, item 3)', () => {
  it('the keyboard alone: Tab reaches "Call <name>" of each API in order, and Enter calls that API', async () => {
    const popup = await system.signIn(ALICE);
    const { page } = popup;
    await page.bringToFront();

    await popup.tabTo(FIRST);
    expect(await popup.focused()).toMatchObject({ text: FIRST, ringShown: true });
    await page.keyboard.press('Enter');
    expect(await answerOf(popup, E2E.apiName)).toEqual(answer(E2E.apiName, 'demo.read'));

    // The next stop after the first API's button is the second's.
    expect(await popup.tabTo(SECOND, 1)).toBe(1);
    expect(await popup.focused()).toMatchObject({ text: SECOND, ringShown: true });
    await page.keyboard.press('Enter');
    expect(await answerOf(popup, E2E.secondApiName)).toEqual(answer(E2E.secondApiName, 'orders.read'));
    // The button kept the focus while its call ran.
    expect((await popup.focused()).text).toBe(SECOND);
    expect(lines(system.apiLog)).toEqual([expect.objectContaining(ANSWERED)]);
    expect(lines(system.secondApiLog)).toEqual([expect.objectContaining(ANSWERED)]);
  });

  it('axe: 0 violations signed in with a button per API, with each API’s answer, and with an API’s error', async () => {
    const popup = await system.signIn(ALICE);
    await popup.page.setViewport({ width: POPUP_WIDTH, height: 600 });
    expect(await axeViolations(popup.page), 'signed in').toEqual([]);

    await popup.click(FIRST);
    await answerOf(popup, E2E.apiName);
    expect(await axeViolations(popup.page), 'first API’s answer').toEqual([]);
    await popup.click(SECOND);
    await answerOf(popup, E2E.secondApiName);
    expect(await axeViolations(popup.page), 'second API’s answer').toEqual([]);

    // The first API refuses every token (another audience): 401, then the retry's 401 too.
    await system.restartApi({ audience: 'some-other-api' });
    try {
      await popup.click(FIRST);
      expect(await popup.alert()).toMatchObject({ code: 'api_unauthorized' });
      expect(await axeViolations(popup.page), 'an API’s error').toEqual([]);
    } finally {
      await system.restartApi();
    }
  });
});
