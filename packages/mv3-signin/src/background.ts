/**
 * The background service worker's side: one call creates the sign-in service and registers its
 * listeners synchronously, as an MV3 worker requires.
 *
 * @module
 */
import type { Auth } from './auth/index.js';
import { launchWebAuthFlow } from './auth/web-auth-flow.js';
import {
  extensionApi,
  useExtensionApi,
  type ExtensionApi,
  type MessageSender,
  type StorageArea,
  type StorageChanges,
} from './core/browser.js';
import { useStorage } from './core/storage-item.js';
import { limits, useLimits, type Limits } from './core/http.js';
import { useWords, type Words } from './core/words.js';
import { handleMessages, ownPages, type TrustRule } from './messaging/handler.js';
import { callApiWithRetry, fetchApiWithRetry, type ApiResponse, type ApiResult, type TokenSource } from './service/api.js';
import { urlUnderApi } from './service/api-path.js';
import { createConfiguredAuth } from './service/configured.js';
import { createHandlers } from './service/handlers.js';
import { followHostAccess } from './service/host-access.js';
import { createContentScriptHandlers } from './service/site-fetch.js';
import { createSites, type ContentScriptFiles, type SiteAccess } from './service/sites.js';
import { describeError } from './core/error-mapping.js';
import type { SettingsValues } from './settings/fields.js';
import { fixedSettings, type SettingsSource, type SettingsState } from './settings/sources.js';
import { apiNamed, type ApiSettings } from './settings/config.js';
import { SignInError } from './core/errors.js';
import { changedPublic, type AuthState } from './auth/state.js';

export interface SignInOptions {
  /**
   * The settings: fixed values, or a source read again whenever they may have changed (e.g.
   * `layeredSettings` from `mv3-signin/settings`: build, options page, policy).
   */
  readonly settings: SettingsValues | SettingsSource;
  /**
   * The words for errors and notices: `english` from `mv3-signin/en`, or your `_locales` (the keys are
   * message names): `(key, ...subs) => browser.i18n.getMessage(key, subs)`. Without it, the keys.
   */
  readonly words?: Words;
  /** Which senders may use the service; default: the extension's own pages. */
  readonly trust?: TrustRule;
  /** The extension API; default: `browser` in Firefox, `chrome` elsewhere. */
  readonly browser?: ExtensionApi;
  /**
   * Timeouts and size limits over their defaults (`Limits`), e.g. `{ requestTimeoutMs: 300 }` in a
   * test. They hold for the whole worker, as the words and the extension API do: one service per worker.
   */
  readonly limits?: Partial<Limits>;
  /**
   * Where the background keeps its items: `session` the tokens, the pending sign-in and the public
   * state (keep it in memory, readable by trusted code only); `local` the saved settings and a
   * had-a-session mark (nothing secret). Default: the extension's `storage.session` and `storage.local`.
   * The port is for the background: pages, and `subscribe` here, follow the public state (profile,
   * expiry, notice) through the extension's `storage.session` and `storage.onChanged`, so with another
   * session store they learn it only from the background's answers (each operation, `getState`).
   */
  readonly storage?: { readonly session?: StorageArea; readonly local?: StorageArea };
  /**
   * The extension's content script (its files, as in the manifest's `content_scripts`; with WXT, an entrypoint with
   * `registration: 'runtime'`, e.g. `{ js: ['content-scripts/site.js'] }`): what the package registers
   * (scripting.registerContentScripts, which needs the `scripting` permission) on each site the user allows with
   * `client.allowSite`. There it may call `client.fetch` and nothing else. Without it, `allowSite` fails with
   * `bad_request`.
   */
  readonly contentScript?: ContentScriptFiles;
}

/**
 * The sign-in service, for the background's own use (pages use `createSignInClient`): the
 * session's operations, each documented on Auth, except that `getState` answers `needsSetup`
 * instead of failing while the settings are not usable.
 */
export interface SignInService extends Pick<
  Auth,
  'getState' | 'signIn' | 'useAnotherAccount' | 'editProfile' | 'signInSilently' | 'signOut' | 'getAccessToken'
> {
  /**
   * Calls the API named `api` (default: the first) with its own token; one refresh and retry on a 401.
   *
   * @throws SignInError `api_unknown` for a name no API has; the API call's codes.
   */
  callApi(api?: string): Promise<ApiResult>;
  /**
   * GET `path` (e.g. `/orders?open=1`) under the URL of the API named `api`, with its own token; one refresh
   * and retry on a 401. Every status is answered; the body is text, cut at `Limits.maxApiBodyBytes`.
   *
   * @throws SignInError `api_unknown`, `api_path_refused` (the path leaves the API's URL: service/api-path.ts)
   * before any token is looked at; `not_signed_in`, `network`, `timeout`…
   */
  fetch(api: string, path: string): Promise<ApiResponse>;
  /** The settings in force and where they came from. */
  settings(): Promise<SettingsState>;
  /** Reads the settings source again and applies it (a changed provider ends the session first). */
  reload(): Promise<SettingsState>;
  /**
   * Follows the state in the background (e.g. for a badge): `listener` gets it now and after
   * every change of the session, and when a provider window opens or closes (`busy`).
   *
   * @returns the function that stops following.
   */
  subscribe(listener: (state: AuthState) => void): () => void;
}

/**
 * Creates the sign-in service and registers its listeners (messages from the extension's pages,
 * the refresh alarm, browser start-up, policy changes), all synchronously: call it in the
 * background's first turn.
 *
 * @throws SignInError `not_set_up` / `config_invalid` from the operations while the settings are not usable.
 */
export function createSignIn(options: SignInOptions): SignInService {
  if (options.browser) useExtensionApi(options.browser);
  useWords(options.words);
  useLimits(options.limits);
  useStorage(options.storage);
  const api = extensionApi();
  const source = typeof options.settings === 'function' ? options.settings : fixedSettings(options.settings);
  const redirectUri = api.identity.getRedirectURL();
  // What subscribe() follows: the session's public items in storage, and the provider window.
  const followers = new Set<() => void>();
  const onWindowChange = () => followers.forEach((update) => update());
  const configured = createConfiguredAuth({ redirectUri, launchWebAuthFlow, onWindowChange }, source);
  const auth = () => configured.auth();
  // An event for the sign-in logic does nothing while the settings are not usable.
  const withAuth = (run: (auth: Auth) => Promise<void>) => void auth().then(run, () => undefined);
  const sites = createSites(options.contentScript, async () => (await configured.state()).config?.origins ?? []);
  const logged = (what: string) => (err: unknown) => console.warn(`${what} failed:`, describeError(err));
  // Settings applied at once; the sites forget the APIs they no longer name, and host access follows.
  const apply = async () => {
    const state = await configured.reload();
    if (state.config) await sites.keepApis(state.config.apis.map(({ name }) => name)).catch(logged('Forgetting sites'));
    const allowed = await sites.list().catch(() => []);
    return followHostAccess(
      state,
      allowed.map(({ origin }) => origin),
    );
  };
  // The content script's registrations follow the records (Firefox, or an update with other files).
  const syncSites = () => void sites.sync().catch(logged('Registering the content script'));
  api.runtime.onStartup.addListener(syncSites);
  api.runtime.onInstalled.addListener(syncSites);
  api.alarms.onAlarm.addListener((alarm) => withAuth((current) => current.handleAlarm(alarm.name)));
  api.runtime.onStartup.addListener(() => withAuth((current) => current.resume()));
  api.runtime.onInstalled.addListener(() => withAuth((current) => current.resume()));
  api.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void apply();
  });
  // The API named `name` (the first without one) of the settings in force, and its tokens.
  async function withApi<T>(name: string | undefined, run: (api: ApiSettings, token: TokenSource) => Promise<T>): Promise<T> {
    const current = await auth();
    const { config } = await configured.state();
    if (!config) throw new SignInError('not_set_up');
    return run(apiNamed(config, name), (tokenOptions) => current.getAccessToken(tokenOptions));
  }
  const service: SignInService = {
    async getState() {
      try {
        return await (await auth()).getState();
      } catch (err) {
        // No usable settings: the state says so, and a page offers to set up.
        if (err instanceof SignInError && (err.code === 'not_set_up' || err.code === 'config_invalid')) {
          return { signedIn: false, busy: false, needsSetup: true };
        }
        throw err;
      }
    },
    signIn: async () => (await auth()).signIn(),
    useAnotherAccount: async () => (await auth()).useAnotherAccount(),
    editProfile: async () => (await auth()).editProfile(),
    signInSilently: async () => (await auth()).signInSilently(),
    signOut: async () => (await auth()).signOut(),
    getAccessToken: async (tokenOptions) => (await auth()).getAccessToken(tokenOptions),
    callApi: (name) => withApi(name, (api, token) => callApiWithRetry(api, token)),
    fetch: (name, path) => withApi(name, (api, token) => fetchApiWithRetry(api, urlUnderApi(api, path), token)),
    settings: () => configured.state(),
    reload: apply,
    subscribe(listener) {
      const update = () => void service.getState().then(listener, () => undefined);
      const onChanged = (changes: StorageChanges, area: string) => {
        if (area === 'session' && changedPublic(changes)) update();
      };
      api.storage.onChanged.addListener(onChanged);
      followers.add(update);
      update();
      return () => {
        api.storage.onChanged.removeListener(onChanged);
        followers.delete(update);
      };
    },
  };
  const handlers = createHandlers({
    service,
    sites,
    configured,
    redirectUri,
    launchWebAuthFlow,
    apply,
    savable: source.readsSaved === true,
  });
  const contentScripts = createContentScriptHandlers({
    fetch: (name, path) => service.fetch(name, path),
    extensionId: api.runtime.id,
    callsPerMinute: limits().siteCallsPerMinute,
  });
  handleMessages(handlers, options.trust ?? ownPages(), contentScripts);
  return service;
}

export type {
  ApiResponse,
  ApiResult,
  ContentScriptFiles,
  SiteAccess,
  AuthState,
  ExtensionApi,
  Limits,
  MessageSender,
  SettingsSource,
  SettingsState,
  StorageArea,
  TrustRule,
  Words,
};
