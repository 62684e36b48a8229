import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSignIn, type SignInOptions } from '../../packages/mv3-signin/src/background';
import { useExtensionApi, type ExtensionApi, type StorageArea } from '../../packages/mv3-signin/src/core/browser';
import { useLimits } from '../../packages/mv3-signin/src/core/http';
import { useStorage } from '../../packages/mv3-signin/src/core/storage-item';
import { API_SCOPE, CLIENT_ID, REDIRECT_URI } from '../../server/local';
import { createBrowserSession } from '../support/idp-driver';
import { httpAuthFlow, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

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
  useStorage(undefined);
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

/** A store in memory, as a StorageArea: what the test can read back. */
function memoryArea(): StorageArea & { readonly values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const keysOf = (keys?: string | readonly string[] | null) =>
    keys === null || keys === undefined ? Object.keys(values) : typeof keys === 'string' ? [keys] : keys;
  return {
    values,
    get: async (keys) =>
      Object.fromEntries(
        keysOf(keys)
          .filter((key) => key in values)
          .map((key) => [key, values[key]]),
      ),
    set: async (items) => void Object.assign(values, structuredClone(items)),
    remove: async (keys) => {
      for (const key of keysOf(keys)) delete values[key];
    },
  };
}

describe('createSignIn({ storage })', () => {
  it('keeps the session and the local mark in the stores it is given, none in the extension storage', async () => {
    const [session, local] = [memoryArea(), memoryArea()];
    const signIn = service({ storage: { session, local } });
    await expect(signIn.signIn()).resolves.toMatchObject({ signedIn: true });
    // The state is read back from the given store too.
    await expect(signIn.getState()).resolves.toMatchObject({ signedIn: true });
    expect((session.values.tokens as { accessToken?: string } | undefined)?.accessToken).toMatch(JWT_PATTERN);
    expect(session.values).toHaveProperty('profile');
    expect(local.values).toEqual({ hadSession: true });
    expect(await storageDump()).toBe('[{},{}]');

    await signIn.signOut();
    expect(session.values).not.toHaveProperty('tokens');
    expect(local.values).toEqual({});
  });

  it('uses the extension storage for an area it is not given', async () => {
    const session = memoryArea();
    await expect(service({ storage: { session } }).signIn()).resolves.toMatchObject({ signedIn: true });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ hadSession: true });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
