import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { tokensItem, transactionItem } from '../../packages/mv3-signin/src/auth/store';
import { ALICE, BOB, harness, httpAuthFlow, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();

describe('lib/auth against the local B2C-compatible provider', () => {
  it('signs in: code exchange with PKCE, ID token validated, tokens stored, public state returned', async () => {
    const { auth } = harness(idp);
    const state = await auth.signIn();
    expect(state).toMatchObject({ signedIn: true, busy: false, user: { name: ALICE.name, email: ALICE.email } });
    expect(JSON.stringify(state)).not.toMatch(JWT_PATTERN);
    const tokens = await tokensItem.getValue();
    expect(tokens?.accessToken).toMatch(JWT_PATTERN);
    expect(tokens?.refreshToken).toBeTruthy();
    expect(tokens?.identity).toMatchObject({ iss: idp.issuer, sub: ALICE.oid });
    expect(tokens!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 3000 * 1000);
    expect(await transactionItem.getValue()).toBeNull();
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(1);
  });

  it('fails closed with a wrong issuer pin: nothing stored, no authorize or token request', async () => {
    const { auth } = harness(idp, { config: { WXT_ISSUER: idp.issuer.replace('/v2.0/', '/v2.1/') } });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'discovery_failed' });
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(idp.controls.stats()).toMatchObject({ authorizeRequests: 0, tokenRequests: { authorization_code: 0 } });
  });

  it('rejects a forged state before the exchange', async () => {
    const { auth } = harness(idp, {
      rewrite: (url) => {
        url.searchParams.set('state', 'forged');
        return url;
      },
    });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(0);
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(await transactionItem.getValue()).toBeNull();
  });

  it('maps the provider page Cancel (AADB2C90091) to a cancelled sign-in', async () => {
    const { auth } = harness(idp, {
      flow:
        (browser) =>
        async ({ url }) =>
          (await browser.cancel(url)).href,
    });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'login_cancelled' });
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(0);
    expect(await transactionItem.getValue()).toBeNull();
  });

  it('maps Forgot your password (AADB2C90118) to its own message', async () => {
    const { auth } = harness(idp, {
      flow:
        (browser) =>
        async ({ url }) =>
          (await browser.forgotPassword(url)).href,
    });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'password_reset_requested' });
  });

  it('keeps the previous session when a later sign-in fails', async () => {
    const { auth } = harness(idp);
    await auth.signIn();
    const before = await tokensItem.getValue();
    idp.controls.set({ idToken: 'badSignature' });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'id_token_invalid' });
    expect(await tokensItem.getValue()).toEqual(before);
    expect(await auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
  });

  it('a new sign-in as another user replaces the session', async () => {
    const first = harness(idp);
    await first.auth.signIn();
    const second = harness(idp, { user: BOB });
    await expect(second.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: BOB.name } });
  });

  it('signs out locally: no token left in storage', async () => {
    const { auth } = harness(idp);
    await auth.signIn();
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });
});

// Issue 11: the sign-in's completion (the provider's redirect → the name in the popup) does only
// the storage writes it needs.
describe('the writes of a sign-in’s completion', () => {
  /** Every storage write from now on, as "area.op keys", in no particular order. */
  function recordWrites(): { since(): string[]; mark(): void } {
    const log: string[] = [];
    let from = 0;
    for (const area of ['session', 'local'] as const) {
      const storage = fakeBrowser.storage[area];
      const set = storage.set.bind(storage);
      const remove = storage.remove.bind(storage);
      vi.spyOn(storage, 'set').mockImplementation((items: Record<string, unknown>) => {
        log.push(`${area}.set ${Object.keys(items).sort().join(',')}`);
        return set(items);
      });
      vi.spyOn(storage, 'remove').mockImplementation((keys: string | string[]) => {
        log.push(`${area}.remove ${[keys].flat().sort().join(',')}`);
        return remove(keys);
      });
    }
    return {
      mark: () => void (from = log.length),
      since: () => log.slice(from).sort(),
    };
  }

  it('after the redirect: the transaction taken, the session in one set, the leftovers in one removal, hadSession and the key set once', async () => {
    const { auth } = harness(idp, {
      flow: (browser) => {
        const signIn = httpAuthFlow(browser);
        return async (details) => {
          const url = await signIn(details);
          writes.mark();
          return url;
        };
      },
    });
    // After harness(), which resets the fake browser.
    const writes = recordWrites();
    await auth.signIn();
    const session = 'session.set apis,expiresAt,generation,profile,tokens';
    const leftovers = 'session.remove notice,refreshFailures';
    const transaction = 'session.remove signInTransaction';
    // The first sign-in also keeps the key set it fetched.
    expect(writes.since()).toEqual(['local.set hadSession', leftovers, transaction, session, 'session.set jwks']);
    // A second sign-in in the same browser: storage.local already says so, and the key set is fresh.
    await auth.useAnotherAccount();
    expect(writes.since()).toEqual([leftovers, transaction, session]);
    vi.restoreAllMocks();
  });

  it('a redirect whose stored transaction another flow replaced meanwhile counts for nothing, though its code was redeemed', async () => {
    const { auth } = harness(idp, {
      flow: (browser) => {
        const signIn = httpAuthFlow(browser);
        return async (details) => {
          const url = await signIn(details);
          const stored = await transactionItem.getValue();
          await transactionItem.setValue({ ...stored!, state: 'another-flows-state' });
          return url;
        };
      },
    });
    await expect(auth.signIn()).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(await tokensItem.getValue()).toBeNull();
    expect(await transactionItem.getValue()).toBeNull();
  });

  it('a repeat sign-in in the same browser makes only the token request: metadata and key set come from storage.session', async () => {
    const { auth } = harness(idp);
    await auth.signIn();
    expect(idp.controls.stats()).toMatchObject({ discoveryRequests: 1, jwksRequests: 1 });
    await auth.signOut();
    idp.controls.reset();
    await auth.signIn();
    expect(idp.controls.stats()).toMatchObject({
      discoveryRequests: 0,
      jwksRequests: 0,
      tokenRequests: { authorization_code: 1, refresh_token: 0 },
    });
  });
});
