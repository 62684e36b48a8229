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
import { useLimits, type Limits } from './core/http.js';
import { useWords, type Words } from './core/words.js';
import { handleMessages, ownPages, type TrustRule } from './messaging/handler.js';
import { callApiWithRetry, type ApiResult } from './service/api.js';
import { createConfiguredAuth } from './service/configured.js';
import { createHandlers } from './service/handlers.js';
import { followHostAccess } from './service/host-access.js';
import type { SettingsValues } from './settings/fields.js';
import { fixedSettings, type SettingsSource, type SettingsState } from './settings/sources.js';
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
  /** Calls the configured API with the token; one refresh and retry on a 401. */
  callApi(): Promise<ApiResult>;
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
  // Settings applied at once, and host access follows them.
  const apply = () => configured.reload().then(followHostAccess);
  api.alarms.onAlarm.addListener((alarm) => withAuth((current) => current.handleAlarm(alarm.name)));
  api.runtime.onStartup.addListener(() => withAuth((current) => current.resume()));
  api.runtime.onInstalled.addListener(() => withAuth((current) => current.resume()));
  api.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void apply();
  });
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
    async callApi() {
      const current = await auth();
      const { config } = await configured.state();
      // The first API: sign-in's token is for its scopes (a token per API is a later step).
      const api = config?.apis.at(0);
      if (!api) throw new SignInError('not_set_up');
      return callApiWithRetry(api.url, (tokenOptions) => current.getAccessToken(tokenOptions));
    },
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
    configured,
    redirectUri,
    launchWebAuthFlow,
    apply,
    savable: source.readsSaved === true,
  });
  handleMessages(handlers, options.trust ?? ownPages());
  return service;
}

export type {
  ApiResult,
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
