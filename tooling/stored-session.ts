import { STORAGE_KEYS } from 'mv3-signin/settings';
import type { Page, WebWorker } from 'puppeteer';

/**
 * Makes every stored access token expired (its refresh point passed), as if an hour had gone by: the
 * first API's, with the popup's copy of its expiry, and every other API's. `context` is any extension
 * context that may write storage.session: the service worker (the e2e tests), or an extension page (the
 * bench: a handle on the worker would stay attached and hold up its restarts).
 */
export async function expireStoredTokens(context: Page | WebWorker): Promise<void> {
  // Runs in the extension: the keys come in as an argument, and it names no inner function (tsx would wrap it in
  // a helper the extension does not have).
  const expire = async (keys: typeof STORAGE_KEYS.session) => {
    const { [keys.tokens]: tokens } = await chrome.storage.session.get<
      Record<string, { apis?: Record<string, object> } | undefined>
    >(keys.tokens);
    if (!tokens) throw new Error('not signed in');
    const expiresAt = Date.now() - 1000;
    const expired = { refreshAt: 0, accessTokenExpiresAt: expiresAt };
    const apis =
      tokens.apis && Object.fromEntries(Object.entries(tokens.apis).map(([name, token]) => [name, { ...token, ...expired }]));
    await chrome.storage.session.set({
      [keys.tokens]: { ...tokens, ...expired, ...(apis ? { apis } : {}) },
      [keys.expiresAt]: expiresAt,
    });
  };
  await context.evaluate(expire, STORAGE_KEYS.session);
}
