// The background's service as createSignIn makes it (issue 20), against the real local provider:
// what an extension's own background code can follow.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSignIn } from '../../packages/mv3-signin/src/background';
import type { AuthState } from '../../packages/mv3-signin/src/auth/state';
import { english } from '../../packages/mv3-signin/src/en';
import { API_SCOPE, CLIENT_ID, REDIRECT_URI } from '../../server/local.ts';
import { createBrowserSession } from '../support/idp-driver';
import { httpAuthFlow, useTestIdp } from '../support/idp-client';

const idp = useTestIdp();

describe('SignInService.subscribe', () => {
  it('hears the provider window open (busy, its journey) and close, though no storage changes while it is open', async () => {
    fakeBrowser.reset();
    const flow = httpAuthFlow(createBrowserSession());
    let openWindow!: () => void;
    const windowOpen = new Promise<void>((resolve) => (openWindow = resolve));
    fakeBrowser.identity.getRedirectURL = () => REDIRECT_URI;
    // The user takes their time: the window stays open until the test lets it go on.
    fakeBrowser.identity.launchWebAuthFlow = async (details) => {
      await windowOpen;
      const redirected = await flow({ url: details.url, interactive: details.interactive ?? false });
      if (!redirected) throw new Error('The provider did not redirect');
      return redirected;
    };
    const service = createSignIn({
      settings: {
        authority: idp.authority,
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        scopes: API_SCOPE,
        apiUrl: 'http://localhost:1/',
      },
      words: english,
    });
    const seen: AuthState[] = [];
    const stop = service.subscribe((state) => seen.push(state));
    await vi.waitFor(() => expect(seen).toEqual([{ signedIn: false, busy: false }]));

    const signingIn = service.signIn();
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ signedIn: false, busy: true, journey: 'signIn' }));
    openWindow();
    await signingIn;
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ signedIn: true, busy: false }));
    expect(seen.at(-1)).not.toHaveProperty('journey');
    stop();
  });
});
