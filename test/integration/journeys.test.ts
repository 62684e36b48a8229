// Issue 8: B2C's own journeys (password reset, profile edit, another account) and staying signed
// in past the 24-hour refresh token, with lib/auth against the real local provider.
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { userMessage } from '../../packages/mv3-signin/src/core/errors';
import { noticeItem, profileItem, tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { REDIRECT_URI } from '../../server/local';
import type { BrowserSession } from '../support/idp-driver';
import { age, ALICE, BOB, harness, JWT_PATTERN, storageDump, useTestIdp, type Harness } from '../support/idp-client';

const idp = useTestIdp();
const HOUR = 3600 * 1000;
/** Chrome's words when the user closes the launchWebAuthFlow window. */
const WINDOW_CLOSED = 'The user did not approve access.';

/** What the user does in one provider window: gets the window's URL, returns where it redirected. */
type Step = (browser: BrowserSession, url: string) => Promise<URL>;

interface Journeys extends Harness {
  /** The windows still to come, in order; a window with no step left fails the test. */
  readonly steps: Step[];
}

const signInAs =
  (user: { email: string; password: string }): Step =>
  (browser, url) =>
    browser.signIn(url, user);
const closeWindow: Step = async () => {
  throw new Error(WINDOW_CLOSED);
};

/**
 * An extension with all three user flows configured, whose interactive windows follow `steps`.
 * Silent (prompt=none) attempts walk the provider with no user, as Chrome's hidden window does.
 */
function journeys(steps: Step[] = [], options: { flows?: boolean } = {}): Journeys {
  const queue = [...steps];
  const flow =
    (browser: BrowserSession): LaunchWebAuthFlow =>
    async ({ url, interactive }) => {
      if (!interactive) {
        try {
          return (await browser.signIn(url)).href;
        } catch (err) {
          throw new Error('User interaction required.', { cause: err });
        }
      }
      const step = queue.shift();
      if (!step) throw new Error(`an unexpected window opened at ${new URL(url).pathname}`);
      return (await step(browser, url)).href;
    };
  const config =
    options.flows === false
      ? {}
      : { WXT_PASSWORD_RESET_AUTHORITY: idp.authorities.resetPassword, WXT_PROFILE_EDIT_AUTHORITY: idp.authorities.editProfile };
  return { ...harness(idp, { flow, config }), steps: queue };
}

/** Ends the provider's session in this "browser" (as if signed out on another site), keeping the extension's. */
async function endProviderSession(browser: BrowserSession): Promise<void> {
  const logout = new URL(`${idp.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/logout`);
  logout.searchParams.set('post_logout_redirect_uri', REDIRECT_URI);
  await browser.navigate(logout);
}

const policyOf = (path: string) => path.split('/')[2];

describe('password reset (AADB2C90118 → the reset flow at once)', () => {
  it('"Forgot your password?" opens the reset flow with no extra click, and its tokens sign the user in', async () => {
    const newPassword = 'alice-new-pass-1';
    const h = journeys([
      (browser, url) => browser.forgotPassword(url),
      (browser, url) => browser.resetPassword(url, { email: ALICE.email, newPassword }),
    ]);
    await expect(h.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    expect(h.launches.map((launch) => [launch.interactive, policyOf(launch.path)])).toEqual([
      [true, 'B2C_1_signupsignin'],
      [true, 'B2C_1_passwordreset'],
    ]);
    const tokens = (await tokensItem.getValue())!;
    expect(tokens.flow).toBe('resetPassword');
    expect(tokens.identity).toMatchObject({ iss: idp.issuer, sub: ALICE.oid });
    expect(decodeJwt(tokens.idToken)).toMatchObject({ tfp: 'B2C_1_passwordreset' });
    expect(await noticeItem.getValue()).toBeNull();

    // The reset flow's refresh token is redeemed at its own token endpoint.
    await age(HOUR);
    await expect(h.auth.getAccessToken()).resolves.toMatch(JWT_PATTERN);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);

    // Another browser: the new password works, the old one does not.
    const fresh = journeys([signInAs({ email: ALICE.email, password: newPassword })]);
    await expect(fresh.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    const old = journeys([signInAs(ALICE)]);
    await expect(old.auth.signIn()).rejects.toThrow();
  });

  it('closing the reset window: "Password reset was cancelled." and nothing stored', async () => {
    const h = journeys([(browser, url) => browser.forgotPassword(url), closeWindow]);
    await expect(h.auth.signIn()).rejects.toMatchObject({ code: 'password_reset_cancelled' });
    expect(userMessage('password_reset_cancelled')).toBe('Password reset was cancelled.');
    expect(await h.auth.getState()).toMatchObject({
      signedIn: false,
      notice: { code: 'password_reset_cancelled', message: 'Password reset was cancelled.' },
    });
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(0);
  });

  it('Cancel on the reset page (AADB2C90091) is a cancelled reset too; the old password still works', async () => {
    const h = journeys([(browser, url) => browser.forgotPassword(url), (browser, url) => browser.cancel(url)]);
    await expect(h.auth.signIn()).rejects.toMatchObject({ code: 'password_reset_cancelled' });
    const again = journeys([signInAs(ALICE)]);
    await expect(again.auth.signIn()).resolves.toMatchObject({ signedIn: true });
  });

  it('without a reset flow configured, AADB2C90118 keeps its message and opens no second window', async () => {
    const h = journeys([(browser, url) => browser.forgotPassword(url)], { flows: false });
    await expect(h.auth.signIn()).rejects.toMatchObject({ code: 'password_reset_requested' });
    expect(h.launches).toHaveLength(1);
    expect(await h.auth.getState()).toMatchObject({ signedIn: false, notice: { code: 'password_reset_requested' } });
  });
});

describe('sign-up ("Sign up now" on the sign-in page)', () => {
  it('creates the user and signs them in; they can sign in again elsewhere', async () => {
    const user = { email: 'carol@example.com', password: 'carol-demo-pass', name: 'Carol Danvers' };
    const h = journeys([(browser, url) => browser.signUp(url, user)]);
    await expect(h.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: user.name, email: user.email } });
    const again = journeys([signInAs(user)]);
    await expect(again.auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: user.name } });
  });
});

describe('profile edit', () => {
  it('shows the new name; the session keeps its subject, and the name survives a refresh', async () => {
    const h = journeys([signInAs(ALICE), (browser, url) => browser.editProfile(url, { name: 'Alice Pleasance' })]);
    await expect(h.auth.signIn()).resolves.toMatchObject({ canEditProfile: true });
    await expect(h.auth.editProfile()).resolves.toMatchObject({ signedIn: true, user: { name: 'Alice Pleasance' } });
    expect(policyOf(h.launches[1]!.path)).toBe('B2C_1_profileedit');
    const tokens = (await tokensItem.getValue())!;
    expect(tokens).toMatchObject({ flow: 'editProfile', identity: { sub: ALICE.oid } });
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ name: 'Alice Pleasance' });

    await age(HOUR);
    const refreshed = await h.auth.getAccessToken();
    expect(decodeJwt(refreshed)).toMatchObject({ name: 'Alice Pleasance', sub: ALICE.oid });
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    expect(await profileItem.getValue()).toMatchObject({ name: 'Alice Pleasance' });
  });

  it('closing the window: "Profile edit was cancelled." and the session exactly as it was', async () => {
    const h = journeys([signInAs(ALICE), closeWindow]);
    await h.auth.signIn();
    const before = [await tokensItem.getValue(), await profileItem.getValue()];
    await expect(h.auth.editProfile()).rejects.toMatchObject({ code: 'profile_edit_cancelled' });
    expect(userMessage('profile_edit_cancelled')).toBe('Profile edit was cancelled.');
    expect([await tokensItem.getValue(), await profileItem.getValue()]).toEqual(before);
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, notice: { code: 'profile_edit_cancelled' } });
  });

  it('another subject from the edit flow is rejected, and the session stays exactly as it was', async () => {
    const h = journeys([
      signInAs(ALICE),
      async (browser, url) => {
        // The provider's session is gone, so the edit page asks who is editing: Bob answers.
        await endProviderSession(browser);
        return browser.editProfile(url, { name: 'Not Alice' }, BOB);
      },
    ]);
    await h.auth.signIn();
    const before = [await tokensItem.getValue(), await profileItem.getValue()];
    await expect(h.auth.editProfile()).rejects.toMatchObject({ code: 'profile_edit_other_account' });
    expect([await tokensItem.getValue(), await profileItem.getValue()]).toEqual(before);
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
  });

  it('is refused without a profile-edit flow, and the state says there is none to offer', async () => {
    const h = journeys([signInAs(ALICE)], { flows: false });
    await expect(h.auth.signIn()).resolves.toMatchObject({ signedIn: true, canEditProfile: false });
    await expect(h.auth.editProfile()).rejects.toMatchObject({ code: 'profile_edit_unavailable' });
    expect(h.launches).toHaveLength(1);
  });
});

describe('"Use another account" (prompt=login)', () => {
  it('asks for credentials while the provider session lives, and switches from Alice to Bob', async () => {
    const h = journeys([signInAs(ALICE), signInAs(BOB)]);
    await h.auth.signIn();
    await expect(h.auth.useAnotherAccount()).resolves.toMatchObject({ signedIn: true, user: { name: BOB.name } });
    expect((await tokensItem.getValue())!.identity.sub).toBe(BOB.oid);
  });

  it('a cancelled switch keeps Alice signed in, untouched', async () => {
    const h = journeys([signInAs(ALICE), (browser, url) => browser.cancel(url)]);
    await h.auth.signIn();
    const before = await tokensItem.getValue();
    await expect(h.auth.useAnotherAccount()).rejects.toMatchObject({ code: 'login_cancelled' });
    expect(await tokensItem.getValue()).toEqual(before);
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
  });
});

describe('past the 24-hour refresh token: one silent sign-in before signing out', () => {
  async function waitPastRefreshToken(): Promise<void> {
    const tokens = (await tokensItem.getValue())!;
    await new Promise((resolve) => setTimeout(resolve, tokens.refreshTokenExpiresAt! - Date.now() + 200));
    await age(HOUR);
  }

  it('refresh_token_expires_in has passed: the same subject signs in silently, the user sees nothing', async () => {
    idp.controls.set({ refreshTokenTtl: 2 });
    const h = journeys([signInAs(ALICE)]);
    await h.auth.signIn();
    const before = (await tokensItem.getValue())!;
    await waitPastRefreshToken();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => h.auth.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.accessToken);
    // One silent attempt for the five callers, no refresh grant, and no window.
    expect(h.launches.slice(1)).toEqual([expect.objectContaining({ interactive: false })]);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(0);
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    expect(await noticeItem.getValue()).toBeNull();
  });

  it('invalid_grant (AADB2C90080) on refresh is recovered the same way', async () => {
    idp.controls.set({ refreshTokenTtl: 2 });
    const h = journeys([signInAs(ALICE)]);
    await h.auth.signIn();
    // The extension does not know the refresh token's end: only the provider's answer tells.
    const { refreshTokenExpiresAt: _unknown, ...tokens } = (await tokensItem.getValue())!;
    await tokensItem.setValue(tokens);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await age(HOUR);
    await expect(h.auth.getAccessToken()).resolves.toMatch(JWT_PATTERN);
    expect(idp.controls.stats().tokenRequests.refresh_token).toBe(1);
    expect(h.launches.slice(1)).toEqual([expect.objectContaining({ interactive: false })]);
    expect(await h.auth.getState()).toMatchObject({ signedIn: true, user: { name: ALICE.name } });
  });

  it('not recovered when the provider wants the user: signed out with "Your session ended, sign in again."', async () => {
    const h = journeys([signInAs(ALICE)]);
    await h.auth.signIn();
    await idp.controls.revokeGrants();
    await idp.controls.endSessions();
    await age(HOUR);
    await expect(h.auth.getAccessToken()).rejects.toMatchObject({ code: 'session_ended' });
    expect(await h.auth.getState()).toMatchObject({
      signedIn: false,
      notice: { code: 'session_ended', message: 'Your session ended, sign in again.' },
    });
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });

  it('not recovered when the silent sign-in returns another subject: signed out, Bob never shown', async () => {
    idp.controls.set({ refreshTokenTtl: 2 });
    const h = journeys([signInAs(ALICE), signInAs(BOB)]);
    await h.auth.signIn();
    const alice = [await tokensItem.getValue(), await profileItem.getValue()] as const;
    // The provider's session becomes Bob's (here through "Use another account"); the extension's
    // session is put back to Alice's, whose refresh token then runs out.
    await h.auth.useAnotherAccount();
    await tokensItem.setValue(alice[0]!);
    await profileItem.setValue(alice[1]!);
    await waitPastRefreshToken();
    await expect(h.auth.getAccessToken()).rejects.toMatchObject({ code: 'session_expired' });
    expect(await h.auth.getState()).toMatchObject({
      signedIn: false,
      notice: { code: 'session_expired', message: 'Your session expired, sign in again.' },
    });
    expect(await storageDump()).not.toContain(BOB.name!);
  });
});
