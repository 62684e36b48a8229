import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSignIn, type SignInOptions } from '../../packages/mv3-signin/src/background';
import { useExtensionApi, type ExtensionApi } from '../../packages/mv3-signin/src/core/browser';
import { useLimits } from '../../packages/mv3-signin/src/core/http';
import { API_SCOPE, CLIENT_ID, REDIRECT_URI } from '../../server/local';
import { createBrowserSession } from '../support/idp-driver';
import { httpAuthFlow, useTestIdp } from './support';

// createSignIn's options, through the service a background gets, against the local provider.
const idp = useTestIdp();

/** The fake browser, with an identity API that walks the provider's pages as Alice. */
function extensionApi(): ExtensionApi {
  const launchWebAuthFlow = httpAuthFlow(createBrowserSession());
  const identity: ExtensionApi['identity'] = {
    getRedirectURL: () => REDIRECT_URI,
    launchWebAuthFlow: ({ url, interactive = false }) => launchWebAuthFlow({ url, interactive }),
  };
  return { ...(fakeBrowser as unknown as ExtensionApi), identity };
}

function service(options: Omit<SignInOptions, 'settings' | 'browser'> = {}) {
  const settings = {
    authority: idp.authority,
    issuer: idp.issuer,
    clientId: CLIENT_ID,
    scopes: API_SCOPE,
    apiUrl: 'http://localhost:1/hello',
  };
  return createSignIn({ settings, browser: extensionApi(), ...options });
}

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  // The options are module-level (one service per worker): the next test starts from the defaults.
  useExtensionApi(undefined);
  useLimits();
});

describe('createSignIn({ limits })', () => {
  it('ends a sign-in whose token endpoint never answers after the given timeout, not the default 15 s', async () => {
    idp.controls.set({ tokenEndpoint: 'hang' });
    const started = Date.now();
    await expect(service({ limits: { requestTimeoutMs: 300 } }).signIn()).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(idp.controls.stats().tokenRequests.authorization_code).toBe(1);
  });

  it('refuses a provider response over the given size: discovery fails before any authorize request', async () => {
    await expect(service({ limits: { maxResponseBytes: 100 } }).signIn()).rejects.toMatchObject({ code: 'discovery_failed' });
    expect(idp.controls.stats().authorizeRequests).toBe(0);
  });

  it('keeps the defaults for the limits it is not given', async () => {
    await expect(service({ limits: { probeTimeoutMs: 1 } }).signIn()).resolves.toMatchObject({ signedIn: true });
  });
});
