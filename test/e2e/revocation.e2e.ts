import { STORAGE_KEYS } from 'mv3-signin/settings';
import { describe, expect, it } from 'vitest';
import { useSystem } from './support/use-system';

// Issue 12, item 8: sign-out revokes the refresh token (RFC 7009) at a provider that offers it,
// so a copy taken before the sign-out is worth nothing afterwards.
const system = useSystem();

interface Stored {
  refreshToken: string;
  idToken: string;
}

describe('revocation at sign-out (issue 12)', () => {
  it('the refresh token read before the sign-out is invalid_grant at the provider afterwards', async () => {
    const popup = await system.signIn();
    const worker = await system.ext.worker();
    const stored = await worker.evaluate(async (key) => {
      const { [key]: tokens } = await chrome.storage.session.get<Record<string, Stored>>(key);
      return { refreshToken: tokens!.refreshToken, idToken: tokens!.idToken };
    }, STORAGE_KEYS.session.tokens);
    expect(stored.refreshToken).toBeTruthy();
    const { aud: clientId } = JSON.parse(Buffer.from(stored.idToken.split('.')[1]!, 'base64url').toString()) as { aud: string };
    system.idp.controls.reset();

    await popup.click('Sign out');
    await popup.waitForButton('Sign in');
    expect(await popup.noAlert()).toBe(true);
    await expect.poll(() => system.idp.controls.stats().revocationRequests, { timeout: 10_000 }).toBe(1);

    // Redeemed from here, as whoever copied it would.
    const response = await fetch(`${system.idp.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken, client_id: clientId }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    expect(system.idp.controls.stats().tokenRequests.refresh_token).toBe(1);
  });
});
