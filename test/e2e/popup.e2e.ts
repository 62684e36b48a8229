import { STORAGE_KEYS } from 'mv3-signin/settings';
import { beforeEach, describe, expect, it } from 'vitest';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './support/popup';
import { ALICE } from './support/system';
import { useSystem } from './support/use-system';

// Issue 11: the popup shows who is signed in before the worker answers, renders each reply
// without asking again, and looks like the product (initials, email, a live expiry, a badge).

const system = useSystem();
beforeEach(async () => {
  system.idp.controls.reset();
  await system.closeExtensionPages();
});

/**
 * Opens popup.html in a tab that records the type of each message the popup sends, and the keys of
 * each storage read it makes (`*` for a read of everything).
 */
async function openRecordingPopup(): Promise<{ popup: PopupPage; sent: () => Promise<string[]>; read: () => Promise<string[]> }> {
  const page = await system.ext.browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const record = { sent: [] as string[], read: [] as string[] };
    (globalThis as { recorded?: typeof record }).recorded = record;
    const send = chrome.runtime.sendMessage.bind(chrome.runtime) as (...args: unknown[]) => Promise<unknown>;
    chrome.runtime.sendMessage = ((message: { type: string }, ...rest: unknown[]) => {
      record.sent.push(message.type);
      return send(message, ...rest);
    }) as typeof chrome.runtime.sendMessage;
    for (const area of [chrome.storage.session, chrome.storage.local]) {
      const get = area.get.bind(area) as (...args: unknown[]) => Promise<unknown>;
      area.get = (keys?: unknown, ...rest: unknown[]) => {
        if (keys === null || keys === undefined) record.read.push('*');
        else if (typeof keys === 'string') record.read.push(keys);
        else record.read.push(...(Array.isArray(keys) ? keys.map(String) : Object.keys(keys)));
        return get(keys, ...rest);
      };
    }
  });
  await page.goto(`${system.ext.origin}/popup.html`);
  const recorded = () =>
    page.evaluate(() => (globalThis as { recorded?: { sent: string[]; read: string[] } }).recorded ?? { sent: [], read: [] });
  return {
    popup: popupPage(page),
    sent: async () => [...(await recorded()).sent],
    read: async () => [...(await recorded()).read],
  };
}

const badge = async () => (await system.ext.worker()).evaluate(() => chrome.action.getBadgeText({}));

async function waitForBadge(text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await badge()) !== text) {
    if (Date.now() > deadline) throw new Error(`The badge is "${await badge()}", not "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the popup renders what each reply carries (issue 11)', () => {
  it('one getState when it opens, then only the actions: no second read after Sign in, Call API or Sign out', async () => {
    const { popup, sent, read } = await openRecordingPopup();
    await popup.waitForButton('Sign in');
    const authWindow = waitForAuthWindow(system.ext.browser, system.idp.origin);
    await popup.click('Sign in');
    await submitLogin(await authWindow, ALICE.email, ALICE.password);
    await popup.waitForUserName(ALICE.name!);
    await popup.click('Call API');
    await popup.apiResult();
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    // Longer than the busy poll's second: nothing is asked again late either.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await sent()).toEqual(['getState', 'signIn', 'callApi', 'signOut']);
    // The popup reads the public items once, as it opens, and never the tokens.
    const { profile, expiresAt, apis, notice } = STORAGE_KEYS.session;
    expect(await read()).toEqual([profile, expiresAt, apis, notice]);
  });

  it('shows the signed-in user from storage while the worker cannot answer yet', async () => {
    await system.signIn();
    await system.closeExtensionPages();
    // The worker stops at its next statement: the popup's getState waits as long as it is paused.
    const { client } = await system.ext.worker();
    await client.send('Debugger.enable');
    await client.send('Debugger.pause');
    const popup = popupPage(await system.ext.browser.newPage());
    try {
      await popup.page.goto(`${system.ext.origin}/popup.html`);
      await popup.waitForUserName(ALICE.name!, 5_000);
      expect(await popup.status()).toBe('signed-in');
      expect(await popup.hasButton('Call API')).toBe(true);
      expect(await popup.hasButton('Edit profile')).toBe(false);
    } finally {
      await client.send('Debugger.resume');
    }
    // Then it follows the background: its reply adds what only it knows (the profile-edit flow).
    await popup.waitForButton('Edit profile');
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });
});

describe('the look of the popup (issue 11)', () => {
  it('initials beside the name (decorative), the email below it, and the expiry in words with the exact time', async () => {
    const popup = await system.signIn();
    // The exact time is a tooltip, worked out just after the popup shows.
    await popup.page.waitForSelector('[data-testid="expires-at"][title]');
    const look = await popup.page.evaluate(() => {
      const avatar = document.querySelector('.avatar');
      const time = document.querySelector('[data-testid="expires-at"]');
      return {
        initials: avatar?.textContent,
        hidden: avatar?.getAttribute('aria-hidden'),
        email: document.querySelector('[data-testid="user-email"]')?.textContent,
        expires: time?.parentElement?.textContent,
        datetime: time?.getAttribute('datetime'),
        title: time?.getAttribute('title'),
        width: document.body.getBoundingClientRect().width,
      };
    });
    const tokens = JSON.parse(await system.storageDump())[0].tokens;
    expect(look).toMatchObject({
      initials: 'AL',
      hidden: 'true',
      email: ALICE.email,
      expires: 'Access token expires in 1 hour',
      datetime: new Date(tokens.accessTokenExpiresAt).toISOString(),
      width: 360,
    });
    expect(look.title).toMatch(/\d/);
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it('the relative expiry follows storage at once and stays current on its timer', { timeout: 90_000 }, async () => {
    const popup = await system.signIn();
    const worker = await system.ext.worker();
    // 31 s from now reads "in 1 minute"; the next tick (at most 30 s away) makes it "this minute".
    await worker.evaluate(async (keys) => {
      const expiresAt = Date.now() + 31_000;
      const { [keys.tokens]: tokens } = await chrome.storage.session.get<Record<string, object>>(keys.tokens);
      await chrome.storage.session.set({
        [keys.tokens]: { ...tokens, accessTokenExpiresAt: expiresAt },
        [keys.expiresAt]: expiresAt,
      });
    }, STORAGE_KEYS.session);
    const expiry = () => popup.page.$eval('[data-testid="expires-at"]', (el) => el.textContent);
    await popup.page.waitForFunction(() => document.querySelector('[data-testid="expires-at"]')?.textContent === 'in 1 minute', {
      timeout: 5_000,
    });
    await popup.page.waitForFunction(() => document.querySelector('[data-testid="expires-at"]')?.textContent === 'this minute', {
      timeout: 65_000,
      polling: 1000,
    });
    expect(await expiry()).toBe('this minute');
    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
  });

  it('a badge on the toolbar icon while signed in: set at sign-in, again by a restarted worker, gone at sign-out', async () => {
    await waitForBadge('');
    await system.signIn();
    await waitForBadge('✓');

    // A worker that starts again sets it from the stored session.
    const worker = await system.ext.worker();
    await worker.evaluate(() => chrome.action.setBadgeText({ text: '' }));
    await worker.close();
    await system.closeExtensionPages();
    const reopened = popupPage(await system.ext.openPopupTab());
    await reopened.waitForUserName(ALICE.name!);
    await waitForBadge('✓');

    await reopened.click('Sign out');
    await reopened.waitForButton('Sign in');
    await waitForBadge('');
  });
});
