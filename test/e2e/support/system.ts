import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type Api, type ApiOptions } from '../../../server/api';
import { startIdp, type Idp, type IdpOptions } from '../../../server/idp';
import { DEMO_USERS, SECOND_API_SCOPE_NAME } from '../../../server/local';
import { E2E } from './e2e-env';
import { extensionDir } from '../../../tooling/build-extension';
import { launchWithExtension, type LaunchedExtension } from '../../../tooling/launch';
import { expireStoredTokens } from '../../../tooling/stored-session';
import { popupPage, submitLogin, waitForAuthWindow, type PopupPage } from './popup';

export interface System {
  readonly idp: Idp;
  readonly api: { readonly url: string; close(): Promise<void> };
  /** Starts the API again (after a test stopped it), optionally with other options. */
  restartApi(overrides?: Partial<ApiOptions>): Promise<void>;
  /** The API's structured log lines, one per request. */
  readonly apiLog: string[];
  /**
   * The tenant's second API (E2E.secondApiPort, its own audience and scope), which E2E.apisMode calls second; it runs
   * beside the first whatever the build.
   */
  readonly secondApi: { readonly url: string; close(): Promise<void> };
  /** The second API's log lines. */
  readonly secondApiLog: string[];
  readonly ext: LaunchedExtension;
  /** Quits Chromium and starts it again on the same profile, as a user restarting the browser. */
  restartBrowser(): Promise<void>;
  /** A second Chromium with the same extension in a fresh profile (another computer); the caller closes it. */
  freshBrowser(): Promise<LaunchedExtension>;
  /** Opens the popup in a tab and signs in as `user` through the provider's page. */
  signIn(user?: (typeof DEMO_USERS)[number]): Promise<PopupPage>;
  /** Closes the extension's pages (popup tabs) left by an earlier test. */
  closeExtensionPages(): Promise<void>;
  /** Makes every stored access token expired (the refresh point passed), as if an hour had gone by. */
  expireTokens(): Promise<void>;
  /** Everything in the extension's storage (session and local), as JSON text. */
  storageDump(): Promise<string>;
  close(): Promise<void>;
}

export const ALICE = DEMO_USERS[0]!;

export interface SystemOptions {
  /** The build to load: E2E.mode (all three user flows, the default) or E2E.plainMode (sign-in only). */
  readonly mode?: string;
  /** Further Chromium flags for every browser of the system, e.g. `--lang=de` (the UI language). */
  readonly browserArgs?: readonly string[];
}

export interface Servers {
  readonly idp: Idp;
  readonly api: Api;
  /** What `api` was started with, to start it again. */
  readonly apiOptions: ApiOptions;
}

/** What a caller changes of the e2e provider's and API's options, e.g. another extension's redirect URI and origin. */
export interface ServerOverrides {
  readonly idp?: Partial<IdpOptions>;
  readonly api?: Partial<ApiOptions>;
}

/** Starts the local provider (with test controls) and the API on the e2e ports; the caller closes both. */
export async function startServers(
  log: (line: string) => void = () => undefined,
  overrides: ServerOverrides = {},
): Promise<Servers> {
  const idp = await startIdp({
    port: E2E.idpPort,
    tenant: E2E.tenant,
    policy: E2E.policy,
    passwordResetPolicy: E2E.passwordResetPolicy,
    profileEditPolicy: E2E.profileEditPolicy,
    tenantId: E2E.tenantId,
    clientId: E2E.clientId,
    // The e2e tenant's two APIs, the client consented for both.
    apis: [
      { appId: E2E.apiAppId, scopes: [E2E.apiScope] },
      { appId: E2E.secondApiAppId, scopes: [E2E.secondApiScope] },
    ],
    testControls: true,
    ...overrides.idp,
  });
  const apiOptions: ApiOptions = {
    port: E2E.apiPort,
    issuer: idp.issuer,
    audience: E2E.apiAppId,
    authority: idp.authority,
    log,
    ...overrides.api,
  };
  return { idp, api: await startApi(apiOptions), apiOptions };
}

/** Starts the local provider and API on the e2e ports and Chromium with the e2e build loaded. */
export async function startSystem({ mode = E2E.mode, browserArgs: args = [] }: SystemOptions = {}): Promise<System> {
  const apiLog: string[] = [];
  const secondApiLog: string[] = [];
  // The APIs' demo pages (GET /) name each API as the loaded build does: E2E.apisMode's names, else "API" (the one-API
  // shorthand's).
  const names = mode === E2E.apisMode ? [E2E.apiName, E2E.secondApiName] : [];
  const servers = await startServers((line) => apiLog.push(line), names[0] ? { api: { name: names[0] } } : {});
  const { idp, apiOptions } = servers;
  let api = servers.api;
  const secondApi = await startApi({
    port: E2E.secondApiPort,
    issuer: idp.issuer,
    audience: E2E.secondApiAppId,
    requiredScope: SECOND_API_SCOPE_NAME,
    authority: idp.authority,
    log: (line) => secondApiLog.push(line),
    ...(names[1] ? { name: names[1] } : {}),
  });
  const dir = extensionDir(mode);
  const profile = await mkdtemp(join(tmpdir(), 'b2c-e2e-'));
  let ext = await launchWithExtension(dir, { userDataDir: profile, args });

  return {
    idp,
    get ext() {
      return ext;
    },
    async restartBrowser() {
      await ext.close();
      ext = await launchWithExtension(dir, { userDataDir: profile, args });
    },
    freshBrowser: () => launchWithExtension(dir, { args }),
    get api() {
      return api;
    },
    apiLog,
    secondApi,
    secondApiLog,
    async restartApi(overrides = {}) {
      await api.close().catch(() => undefined);
      api = await startApi({ ...apiOptions, ...overrides });
    },
    async signIn(user = ALICE) {
      const popup = popupPage(await ext.openPopupTab());
      const authWindow = waitForAuthWindow(ext.browser, idp.origin);
      await popup.click('Sign in');
      const signedIn = popup.userName().then(() => undefined);
      // The provider's own session (one ended by the extension alone) signs in without a form,
      // and its window may come and go too fast to be seen.
      const login = await Promise.race([authWindow, signedIn]);
      if (login) {
        const closed = new Promise<'closed'>((resolve) => login.once('close', () => resolve('closed')));
        const form = login.waitForSelector('#signInName', { visible: true }).then(
          () => 'form' as const,
          () => 'closed' as const,
        );
        if ((await Promise.race([form, closed, signedIn.then(() => 'closed' as const)])) === 'form') {
          await submitLogin(login, user.email, user.password);
        }
      } else {
        authWindow.catch(() => undefined);
      }
      await signedIn;
      return popup;
    },
    async closeExtensionPages() {
      for (const page of await ext.browser.pages()) if (page.url().startsWith(ext.origin)) await page.close();
    },
    async expireTokens() {
      await expireStoredTokens(await ext.worker());
    },
    storageDump: () => storageDump(ext),
    async close() {
      await ext.close();
      await rm(profile, { recursive: true, force: true });
      await api.close().catch(() => undefined);
      await secondApi.close().catch(() => undefined);
      await idp.close();
    },
  };
}

/** Everything in the extension's storage (session and local), as JSON text, read by its worker. */
export async function storageDump(ext: LaunchedExtension): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(async () =>
    JSON.stringify([await chrome.storage.session.get(null), await chrome.storage.local.get(null)]),
  );
}

/** Matches anything shaped like a JWT (an access or ID token). */
export const JWT_PATTERN = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;

/** The e2e builds' names and ports, for tests that import only the system and the popup. */
export { E2E };
