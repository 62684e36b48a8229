import { STORAGE_KEYS } from 'mv3-signin/settings';
import { expect } from 'vitest';
import { englishUserMessage } from './english';
import type { HostileCase } from '../../support/hostile-cases';
import { popupPage, submitLogin, type PopupPage } from './popup';
import { ALICE, JWT_PATTERN, type System } from './system';

export interface ShownAlert {
  readonly text: string;
  readonly code: string | null;
  readonly html: string;
}

/**
 * A popup as a new user sees it: signed out, no alert, the provider's switches back to normal.
 * Earlier pages are closed, and the sign-out also clears the last case's notice.
 */
export async function freshPopup(system: System): Promise<PopupPage> {
  for (const page of await system.ext.browser.pages()) {
    const url = page.url();
    if (url.startsWith(system.ext.origin) || url.startsWith(system.idp.origin)) await page.close();
  }
  system.idp.controls.reset();
  const page = await system.ext.openPopupTab();
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'signOut' }));
  await page.reload();
  await page.waitForSelector('[data-testid="popup"]:not([data-status="loading"])');
  const popup = popupPage(page);
  await popup.waitForButton('Sign in');
  expect(await popup.noAlert()).toBe(true);
  system.idp.controls.reset();
  return popup;
}

/**
 * Drops the cached metadata and key sets (storage.session's metadata and jwks items), so the next
 * sign-in runs discovery and fetches the keys again.
 */
export async function dropCachedProvider(system: System): Promise<void> {
  const worker = await system.ext.worker();
  const { metadata, jwks } = STORAGE_KEYS.session;
  await worker.evaluate((keys) => chrome.storage.session.remove(keys), [metadata, jwks]);
}

/**
 * Clicks Sign in, fills the provider's login form if it shows (after a first login the provider's
 * session cookie may skip it), and returns the alert the popup then shows.
 */
export async function signInUntilAlert(system: System, popup: PopupPage, timeout = 20_000): Promise<ShownAlert> {
  await popup.click('Sign in');
  const filled = new Set<unknown>();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await popup.page.$('[role="alert"]')) return popup.alert(1000);
    for (const page of await system.ext.browser.pages()) {
      if (!page.url().startsWith(system.idp.origin) || filled.has(page)) continue;
      if (await page.$('#signInName').catch(() => null)) {
        filled.add(page);
        await submitLogin(page, ALICE.email, ALICE.password).catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no alert within ${timeout} ms`);
}

/** Asserts what issue 5 asks of the popup after a failed sign-in. */
export async function expectClosedFailure(
  system: System,
  popup: PopupPage,
  alert: ShownAlert,
  hostile: HostileCase,
): Promise<void> {
  expect(alert.code).toBe(hostile.expectedCode);
  const own = englishUserMessage(hostile.expectedCode);
  if (hostile.withDetail) expect(alert.text.startsWith(`${own} (`), alert.text).toBe(true);
  else expect(alert.text).toBe(own);
  // Text only: no element inside the alert, no stack trace, no "Error:" prefix.
  expect(alert.html).not.toMatch(/<\s*[a-z]/i);
  expect(alert.text).not.toMatch(/^\s*at\s|\n\s*at\s/);
  expect(alert.text).not.toMatch(/\b\w*Error:/);
  expect(await popup.page.$('[role="alert"] *')).toBeNull();

  expect(await system.storageDump()).not.toMatch(JWT_PATTERN);
  expect(await popup.hasButton('Sign in')).toBe(true);
  expect(system.idp.controls.stats().tokenRequests.authorization_code).toBe(hostile.beforeExchange ? 0 : 1);
}
