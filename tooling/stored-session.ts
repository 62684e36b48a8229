import { STORAGE_KEYS } from 'mv3-signin/settings';
import type { Page, WebWorker } from 'puppeteer';

/**
 * Makes the stored access token expired (its refresh point passed), as if an hour had gone by, together
 * with the popup's copy of its expiry. `context` is any extension context that may write
 * storage.session: the service worker (the e2e tests), or an extension page (the bench: a handle on the
 * worker would stay attached and hold up its restarts).
 */
export async function expireStoredTokens(context: Page | WebWorker): Promise<void> {
  // Runs in the extension: the keys come in as an argument.
  const expire = async (keys: typeof STORAGE_KEYS.session) => {
    const { [keys.tokens]: tokens } = await chrome.storage.session.get<Record<string, object | undefined>>(keys.tokens);
    if (!tokens) throw new Error('not signed in');
    const expiresAt = Date.now() - 1000;
    await chrome.storage.session.set({
      [keys.tokens]: { ...tokens, refreshAt: 0, accessTokenExpiresAt: expiresAt },
      [keys.expiresAt]: expiresAt,
    });
  };
  await context.evaluate(expire, STORAGE_KEYS.session);
}
