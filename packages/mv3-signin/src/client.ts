/**
 * For any extension page (popup, options, side panel): the sign-in operations, sent to the
 * background, and the state to follow. A page never holds a token. In a content script, only
 * `fetch` works (on a site the user allowed): the rest is for the extension's own pages.
 *
 * @module
 */
import { changedPublic, readPublicSession, toAuthState, withStored, type AuthState } from './auth/state.js';
import type { CheckFacts } from './check/facts.js';
import { extensionApi, useExtensionApi, type ExtensionApi } from './core/browser.js';
import { SignInError } from './core/errors.js';
import { asSiteOrigin, sitePattern } from './core/site.js';
import { useWords, type Words } from './core/words.js';
import type { Reply } from './messaging/handler.js';
import type { Message, MessageName, Result, SettingsView, Value, ValueMessage } from './messaging/protocol.js';
import type { ApiResponse, ApiResult } from './service/api.js';
import type { SaveResult } from './service/save.js';
import type { SiteAccess } from './service/sites.js';
import type { SettingsValues } from './settings/fields.js';

/** How often the state is asked again while a provider window is open (it may be another page's). */
const BUSY_POLL_MS = 1000;

export interface SignInClientOptions {
  /** The words for `no_answer` (the only failure a page words itself); the background words the rest. */
  readonly words?: Words;
  /** The extension API; default: `browser` in Firefox, `chrome` elsewhere. */
  readonly browser?: ExtensionApi;
}

/** The sign-in operations as a page sees them. Each rejects with a SignInError. */
export interface SignInClient {
  getState(): Promise<AuthState>;
  signIn(): Promise<AuthState>;
  useAnotherAccount(): Promise<AuthState>;
  editProfile(): Promise<AuthState>;
  signOut(): Promise<AuthState>;
  /** Calls the API named `api` (default: the first) through the background: the status and body, never the token. */
  callApi(api?: string): Promise<ApiResult>;
  /**
   * GET `path` (e.g. `/orders?open=1`) under the URL of the API named `api`, through the background with that
   * API's token: the status, a safe subset of the headers, and the body as text (capped), never the token. Every
   * status is answered (a 401 first gets one refresh and one retry). The one operation a content script may use:
   * there, only on a site the user allowed for that API (`allowSite`), from the top frame, a limited number of
   * times a minute.
   *
   * @throws SignInError `api_unknown`, `api_path_refused` (the path leaves the API's URL: no other origin, no
   * `..`, no encoded slash), `site_not_allowed`, `rate_limited`, `not_signed_in`, `network`, `timeout`…
   */
  fetch(api: string, path: string): Promise<ApiResponse>;
  /**
   * Lets the content script (`createSignIn({ contentScript })`) show data of the API named `api` on the site
   * `origin` (`https://shop.example`). Call it in a click handler: its first step, before anything else, asks the
   * browser for the site (permissions.request, the browser's own prompt). Then the background checks the grant,
   * records the site for the API and registers the content script there.
   *
   * @returns false when the user declines.
   * @throws SignInError `bad_request` (not an https or loopback origin; no content script), `api_unknown`.
   */
  allowSite(api: string, origin: string): Promise<boolean>;
  /**
   * Takes the API off the site. With no API left there, the content script is unregistered and the host
   * permission removed, unless the manifest or the settings in force need that origin (e.g. an API's own).
   */
  disallowSite(api: string, origin: string): Promise<void>;
  /** The sites allowed, each with the APIs its content script may call. */
  getSites(): Promise<readonly SiteAccess[]>;
  /** The settings in force, what policy locked, and the redirect URI to register. */
  getSettings(): Promise<SettingsView>;
  /** Check: what the provider says of these values (nothing is stored). */
  checkSettings(values: SettingsValues): Promise<CheckFacts>;
  /** Save: checks, stores and applies these values, or says why not. */
  saveSettings(values: SettingsValues): Promise<SaveResult>;
  /**
   * Follows the state: `listener` gets it now (from storage at once when signed in, then from the
   * background) and on every change; `onError` gets the failure of asking the background.
   *
   * @returns the function that stops following.
   */
  subscribe(listener: (state: AuthState) => void, onError?: (error: SignInError) => void): () => void;
}

/** Creates a client. Cheap: nothing is asked until an operation or `subscribe`. */
export function createSignInClient(options: SignInClientOptions = {}): SignInClient {
  if (options.browser) useExtensionApi(options.browser);
  if (options.words) useWords(options.words);
  const listeners = new Set<(state: AuthState) => void>();
  const errorListeners = new Set<(error: SignInError) => void>();
  let current: AuthState | undefined;
  // Why the background gave no state, until it does: a later subscriber hears it too.
  let failed: SignInError | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopWatching: (() => void) | undefined;

  function publish(state: AuthState, error?: SignInError): AuthState {
    current = state;
    failed = error;
    for (const listener of listeners) listener(state);
    // A provider window is open (maybe another page's): follow it even if the worker stops.
    if (state.busy && !timer && listeners.size > 0) timer = setInterval(() => void ask().catch(() => undefined), BUSY_POLL_MS);
    if (!state.busy && timer) {
      clearInterval(timer);
      timer = undefined;
    }
    return state;
  }

  async function send<K extends MessageName>(type: K, ...value: K extends ValueMessage ? [Value<K>] : []): Promise<Result<K>> {
    const message = (value.length > 0 ? { type, value: value[0] } : { type }) as Message<K>;
    const reply = (await extensionApi()
      .runtime.sendMessage(message)
      .catch(() => undefined)) as Reply<Result<K>> | undefined;
    if (!reply) throw new SignInError('no_answer');
    if (reply.ok) return reply.value;
    throw SignInError.fromFailure(reply.error);
  }

  const ask = async () => publish(await send('getState'));
  const act = async (type: 'signIn' | 'signOut' | 'useAnotherAccount' | 'editProfile') => publish(await send(type));

  function start(): void {
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      // Only the public items' new values are read: never another key's.
      const changed = area === 'session' ? changedPublic(changes) : undefined;
      if (changed && current) publish(withStored(current, changed));
    };
    extensionApi().storage.onChanged.addListener(onChanged);
    stopWatching = () => extensionApi().storage.onChanged.removeListener(onChanged);
    // Both at once: storage answers while the worker may still be starting. Until the worker
    // answers, only a signed-in user is shown (signed out could still turn out to be "set up").
    void readPublicSession().then(
      (stored) => {
        const early = toAuthState(stored, { canEditProfile: false });
        if (early.signedIn && !current) publish(early);
      },
      () => undefined,
    );
    ask().catch((err: unknown) => {
      const error = err instanceof SignInError ? err : new SignInError('no_answer');
      publish(current ?? { signedIn: false, busy: false }, error);
      for (const onError of errorListeners) onError(error);
    });
  }

  return {
    getState: ask,
    signIn: () => act('signIn'),
    useAnotherAccount: () => act('useAnotherAccount'),
    editProfile: () => act('editProfile'),
    signOut: () => act('signOut'),
    callApi: (api) => (api === undefined ? send('callApi') : send('callNamedApi', api)),
    fetch: (api, path) => send('apiFetch', { api, path }),
    allowSite(api, origin) {
      const site = asSiteOrigin(origin);
      if (!site) return Promise.reject(new SignInError('bad_request'));
      // Before any await: the browser grants a request only in the turn of the user's click.
      return extensionApi()
        .permissions.request({ origins: [sitePattern(site)] })
        .then(
          (granted) => (granted ? send('allowSite', { api, origin: site }) : false),
          (err: unknown) => {
            throw new SignInError('bad_request', undefined, { cause: err });
          },
        );
    },
    disallowSite: (api, origin) => send('disallowSite', { api, origin }),
    getSites: () => send('getSites'),
    getSettings: () => send('getSettings'),
    checkSettings: (values) => send('checkSettings', values),
    saveSettings: (values) => send('saveSettings', values),
    subscribe(listener, onError) {
      listeners.add(listener);
      if (onError) errorListeners.add(onError);
      if (listeners.size === 1) start();
      else if (current) {
        listener(current);
        if (failed) onError?.(failed);
      }
      return () => {
        listeners.delete(listener);
        if (onError) errorListeners.delete(onError);
        if (listeners.size > 0) return;
        stopWatching?.();
        if (timer) clearInterval(timer);
        timer = undefined;
      };
    },
  };
}

export type { ApiResponse, ApiResult, AuthState, CheckFacts, SaveResult, SettingsView, SiteAccess };
