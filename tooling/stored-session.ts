import type { Page, WebWorker } from 'puppeteer';

/**
 * Makes the stored access token expired (its refresh point passed), as if an hour had gone by, together
 * with the popup's copy of its expiry. `context` is any extension context that may write
 * storage.session: the service worker (the e2e tests), or an extension page (the bench: a handle on the
 * worker would stay attached and hold up its restarts).
 */
export async function expireStoredTokens(context: Page | WebWorker): Promise<void> {
  const expire = async () => {
    const { tokens } = await chrome.storage.session.get('tokens');
    if (!tokens) throw new Error('not signed in');
    const expiresAt = Date.now() - 1000;
    await chrome.storage.session.set({ tokens: { ...tokens, refreshAt: 0, accessTokenExpiresAt: expiresAt }, expiresAt });
  };
  await context.evaluate(expire);
}
