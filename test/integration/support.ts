import { afterAll, beforeAll, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createAuth, type Auth, type LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { parseConfig, type Settings, type ConfigEnv } from '../../packages/mv3-signin/src/settings/config';
import { tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { startIdp, type Idp, type IdpOptions } from '../../server/idp';
import { API_SCOPE, CLIENT_ID, DEMO_USERS, REDIRECT_URI } from '../../server/local';
import { createBrowserSession, type BrowserSession } from '../support/idp-driver';

export const ALICE = DEMO_USERS[0]!;
export const BOB = DEMO_USERS[1]!;

/** The extension's configuration for a provider started on a free port. */
export function configFor(idp: Idp, override: ConfigEnv = {}): Settings {
  return parseConfig({
    WXT_AUTHORITY: idp.authority,
    WXT_ISSUER: idp.issuer,
    WXT_CLIENT_ID: CLIENT_ID,
    WXT_SCOPES: API_SCOPE,
    WXT_API_URL: 'http://localhost:1/hello',
    ...override,
  });
}

export function startTestIdp(options: IdpOptions = {}): Promise<Idp> {
  return startIdp({ port: 0, testControls: true, ...options });
}

/**
 * The provider of a test file: started on a free port before the file's tests, its switches and
 * counters reset before each test, stopped after. The returned handle is usable inside tests.
 */
export function useTestIdp(options: IdpOptions = {}): Idp {
  let started: Idp | undefined;
  const current = (): Idp => {
    if (!started) throw new Error('The test provider is not running yet (use it inside a test or hook).');
    return started;
  };
  beforeAll(async () => {
    started = await startTestIdp(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    started?.controls.reset();
  });
  return {
    get port() {
      return current().port;
    },
    get origin() {
      return current().origin;
    },
    get authority() {
      return current().authority;
    },
    get authorities() {
      return current().authorities;
    },
    get issuer() {
      return current().issuer;
    },
    get controls() {
      return current().controls;
    },
    close: () => current().close(),
  };
}

/**
 * A launchWebAuthFlow that walks the real provider's pages over HTTP as `user`, in one cookie jar
 * (the "browser"), and returns the redirect URL. `rewrite` lets a test tamper with that URL.
 */
export function httpAuthFlow(
  browser: BrowserSession,
  user: { email: string; password: string } | undefined = ALICE,
  rewrite: (url: URL) => URL = (url) => url,
): LaunchWebAuthFlow {
  return async ({ url, interactive }) => {
    let redirected: URL;
    try {
      redirected = await browser.signIn(url, interactive ? user : undefined);
    } catch (err) {
      // Chrome's own words when a non-interactive flow meets a page that needs the user.
      if (!interactive) throw new Error('User interaction required.', { cause: err });
      throw err;
    }
    return rewrite(redirected).href;
  };
}

export interface Harness {
  readonly auth: Auth;
  /** Every launchWebAuthFlow call, in order: whether it was interactive, and the URL's path. */
  readonly launches: { interactive: boolean; path: string }[];
  readonly browser: BrowserSession;
  readonly config: Settings;
}

/** A fresh extension "install" (empty storage) wired to `idp` through the HTTP driver. */
export interface HarnessOptions {
  readonly user?: typeof ALICE;
  readonly rewrite?: (url: URL) => URL;
  readonly config?: ConfigEnv;
  /** Replaces the default flow (sign in as `user`), e.g. to click Cancel on the provider's page. */
  readonly flow?: (browser: BrowserSession) => LaunchWebAuthFlow;
}

export function harness(idp: Idp, options: HarnessOptions = {}): Harness {
  fakeBrowser.reset();
  const browser = createBrowserSession();
  const config = configFor(idp, options.config);
  const flow = options.flow?.(browser) ?? httpAuthFlow(browser, options.user, options.rewrite);
  const launches: Harness['launches'] = [];
  const launchWebAuthFlow: LaunchWebAuthFlow = (details) => {
    launches.push({ interactive: details.interactive, path: new URL(details.url).pathname });
    return flow(details);
  };
  const auth = createAuth({ config, redirectUri: REDIRECT_URI, launchWebAuthFlow });
  return { auth, browser, config, launches };
}

/** Everything in extension storage, as JSON text. */
export async function storageDump(): Promise<string> {
  return JSON.stringify([await fakeBrowser.storage.session.get(null), await fakeBrowser.storage.local.get(null)]);
}

export const JWT_PATTERN = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;

/** Moves the stored tokens' clock: as if `ms` had passed (the refresh point and expiry come closer). */
export async function age(ms: number): Promise<void> {
  const tokens = await tokensItem.getValue();
  if (!tokens) throw new Error('no stored tokens to age');
  await tokensItem.setValue({
    ...tokens,
    refreshAt: tokens.refreshAt - ms,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt - ms,
  });
}
