import { describe, expect, it } from 'vitest';
import { casesOf, REPLAYED_REDIRECT, WINDOW_CLOSED, WINDOW_CLOSED_MESSAGE } from '../support/hostile-cases';
import { createBrowserSession } from '../support/idp-driver';
import { expectFailedClosed, rejectionOf, runHostileCase, signedInHarness, snapshot } from './hostile-support';
import { ALICE, useTestIdp } from '../support/idp-client';

// Issue 5: a hostile authorization response fails closed before the exchange, stores nothing, and says so.
const idp = useTestIdp();

describe('Authorization response (issue 5)', () => {
  it.each(casesOf('authorization').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });

  it(REPLAYED_REDIRECT, async () => {
    const { auth, setFlow, normal } = await signedInHarness(idp);
    // A second, real sign-in whose redirect URL (code and state) is kept, as an attacker who saw it would.
    const browser = createBrowserSession();
    let captured: string | undefined;
    setFlow(async ({ url }) => {
      captured = (await browser.signIn(url, ALICE)).href;
      return captured;
    });
    await expect(auth.signIn()).resolves.toMatchObject({ signedIn: true });
    expect(captured).toMatch(/[?&]code=/);
    idp.controls.reset();

    const before = await snapshot();
    setFlow(async () => captured);
    const error = await rejectionOf(() => auth.signIn());
    await expectFailedClosed(idp, auth, before, error, { expectedCode: 'state_mismatch', beforeExchange: true });
    normal();
  });

  it(`${WINDOW_CLOSED}: "Sign-in was cancelled", and a retry works`, async () => {
    const { auth, setFlow, normal } = await signedInHarness(idp);
    const before = await snapshot();
    // chrome.identity.launchWebAuthFlow's own rejection when the user closes its window.
    setFlow(async () => {
      throw new Error(WINDOW_CLOSED_MESSAGE);
    });
    const error = await rejectionOf(() => auth.signIn());
    await expectFailedClosed(idp, auth, before, error, { expectedCode: 'login_cancelled', beforeExchange: true });
    // One request of the extension's own (no cookies, no redirect followed) asked whether the
    // provider refused the redirect URI (issue 19): it did not, so this is the user's cancel.
    expect(idp.controls.stats().authorizeRequests).toBe(1);

    normal();
    await expect(auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: ALICE.name } });
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(1);
    expect(await auth.getState()).not.toHaveProperty('notice');
  });
});
