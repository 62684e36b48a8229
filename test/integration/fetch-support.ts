// What the tests of client.fetch and the content-script channel (issue 21, item 4) share: the real local provider
// and the real reference API over loopback (its log kept), and the background's service created in Node against the
// browser double (test/support/extension-double.ts), with a client whose messages carry the sender a test chooses.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSignIn, type SignInOptions, type SignInService } from '../../packages/mv3-signin/src/background';
import { tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { createSignInClient, type SignInClient } from '../../packages/mv3-signin/src/client';
import { useExtensionApi } from '../../packages/mv3-signin/src/core/browser';
import { useLimits } from '../../packages/mv3-signin/src/core/http';
import { useStorage } from '../../packages/mv3-signin/src/core/storage-item';
import { english } from '../../packages/mv3-signin/src/en';
import { startApi, type Api } from '../../server/api/index.ts';
import { API_APP_ID, API_SCOPE, CLIENT_ID } from '../../server/local.ts';
import { extensionDouble, type ExtensionDouble } from '../support/extension-double';
import { JWT_PATTERN, useTestIdp } from '../support/idp-client';

/** The name of the one API the tests configure: the reference API, its URL `<origin>/hello`. */
export const HELLO = 'Hello API';
/** The content script the service registers on allowed sites (as the app passes it). */
export const CONTENT_SCRIPT = { js: ['content-scripts/site.js'] };

export interface FetchSystem {
  readonly double: ExtensionDouble;
  readonly service: SignInService;
  /** A client, as a page or a content script has it: its messages come from `double.sender`. */
  readonly client: SignInClient;
}

/** An entry of the settings' `apis`. */
export interface ApiEntry {
  readonly name: string;
  readonly url: string;
  readonly scopes: string;
}

/** What start() takes besides createSignIn's options: the manifest's host permissions, the APIs. */
export interface StartOptions extends Partial<SignInOptions> {
  readonly required?: readonly string[];
  /** The origin of the extension's pages: Chrome's by default, FIREFOX_PAGES for Firefox. */
  readonly pages?: string;
  /** Default: HELLO, the reference API. */
  readonly apis?: readonly ApiEntry[];
}

export interface FetchSystemHandle {
  readonly api: Api;
  /** The API's log: one JSON line per request it received. */
  readonly apiLog: string[];
  readonly idp: ReturnType<typeof useTestIdp>;
  /**
   * A fresh extension (empty storage) whose manifest grants the provider's and the API's origins, configured for
   * the API as HELLO, with CONTENT_SCRIPT; `options` over that.
   */
  start(options?: StartOptions): FetchSystem;
  /** start(), then a sign-in through the provider's pages. */
  signedIn(options?: StartOptions): Promise<FetchSystem>;
}

/** The provider and the API of a test file, started before its tests and stopped after them. */
export function useFetchSystem(): FetchSystemHandle {
  const idp = useTestIdp();
  const apiLog: string[] = [];
  let api: Api | undefined;
  beforeAll(async () => {
    api = await startApi({
      port: 0,
      issuer: idp.issuer,
      audience: API_APP_ID,
      authority: idp.authority,
      log: (line) => apiLog.push(line),
    });
  });
  afterAll(async () => {
    await api?.close();
  });
  afterEach(() => {
    // The service's options are module-level (one service per worker): the next test starts from the defaults.
    useExtensionApi(undefined);
    useLimits();
    useStorage(undefined);
  });
  const handle: FetchSystemHandle = {
    get api() {
      if (!api) throw new Error('The API is not running yet (use it inside a test or hook).');
      return api;
    },
    apiLog,
    idp,
    start({ required, apis, pages, ...options } = {}) {
      const double = extensionDouble(required ?? [`${new URL(idp.authority).origin}/*`, `${handle.api.origin}/*`], pages);
      const settings = {
        authority: idp.authority,
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        apis: JSON.stringify(apis ?? [{ name: HELLO, url: handle.api.url, scopes: API_SCOPE }]),
      };
      const service = createSignIn({ settings, browser: double.api, words: english, contentScript: CONTENT_SCRIPT, ...options });
      return { double, service, client: createSignInClient({ browser: double.api, words: english }) };
    },
    async signedIn(options) {
      const system = handle.start(options);
      await system.service.signIn();
      return system;
    },
  };
  return handle;
}

/** The tokens of the session (access tokens of every API, refresh and ID tokens): none may be in a reply. */
export async function sessionSecrets(): Promise<string[]> {
  const tokens = await tokensItem.getValue();
  if (!tokens) return [];
  const apis = Object.values(tokens.apis ?? {}).map(({ accessToken }) => accessToken);
  return [tokens.accessToken, tokens.refreshToken, tokens.idToken, ...apis].filter((value): value is string => !!value);
}

/** Throws unless no reply holds a JWT or one of `secrets`. */
export function assertNoTokenIn(replies: readonly unknown[], secrets: readonly string[]): void {
  const text = JSON.stringify(replies);
  if (JWT_PATTERN.test(text)) throw new Error('A reply holds a JWT.');
  for (const secret of secrets) if (text.includes(secret)) throw new Error('A reply holds a token of the session.');
}
