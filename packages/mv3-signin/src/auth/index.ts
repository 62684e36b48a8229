import { readAuthState, toAuthState, type AuthState, type Journey } from './state.js';
import { describeError, toSignInError } from '../core/error-mapping.js';
import { SignInError, failure, type ErrorCode, type Failure } from '../core/errors.js';
import type { Settings } from '../settings/config.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import { generationItem, hadSessionItem, noticeItem } from './store.js';
import { runAuthorization, type AuthorizationDeps } from './authorization.js';
import type { CompletedSignIn } from './sign-in.js';
import { endProviderSession } from './sign-out.js';
import { createTokenManager } from './token-manager.js';
import { sameIdentity } from './token-set.js';

export type { LaunchWebAuthFlow } from './authorization.js';
export { boundTokens } from './local-session.js';

export interface AuthDeps extends AuthorizationDeps {
  /**
   * The configuration in force now, read again from its sources (service/configured.ts): a
   * sign-in is adopted only while it is still `config`. Without it, `config` is fixed.
   */
  readonly settingsInForce?: () => Promise<Settings | undefined>;
  /** Called when a provider window opens or closes, or its journey changes: `busy` changed, with no storage write. */
  readonly onWindowChange?: () => void;
}

export interface Auth {
  /** The public state; `busy` while a provider window is open. */
  getState(): Promise<AuthState>;
  /**
   * Runs an interactive sign-in. When the user picks "Forgot your password?" (B2C's AADB2C90118)
   * and a password-reset flow is configured, that flow follows at once in a window of its own.
   * A second call while a window is open joins it instead of opening another. Resolves with the
   * new state; on failure stores a notice, leaves any earlier session untouched, and throws.
   */
  signIn(): Promise<AuthState>;
  /**
   * Signs in again with prompt=login, so the provider asks for credentials even while its
   * session lives. The current session stays until the new one has fully succeeded.
   */
  useAnotherAccount(): Promise<AuthState>;
  /**
   * Runs the profile-edit user flow. Its ID token must name the session's iss, aud and sub; then
   * its tokens (and the new name) become the session's.
   *
   * @throws SignInError `profile_edit_cancelled`, `profile_edit_other_account`, `not_signed_in`,
   *   `profile_edit_unavailable`; the session is untouched by any failure.
   */
  editProfile(): Promise<AuthState>;
  /**
   * Tries to sign in with no window (prompt=none), using the provider's session cookie.
   *
   * @returns true when it signed the user in; false when the provider wants the user (or failed).
   */
  signInSilently(): Promise<boolean>;
  /**
   * Clears every local trace of the session, then ends the provider's session through its
   * end_session_endpoint. A provider without one gets a local sign-out and a notice saying so.
   * Where the provider offers revocation (RFC 7009), the refresh token is revoked meanwhile; the
   * reply does not wait for that.
   */
  signOut(): Promise<AuthState>;
  /** Ends the local session (no provider sign-out), leaving `notice` for the popup. */
  endSession(notice?: Failure): Promise<void>;
  /** See TokenManager.getAccessToken. */
  getAccessToken(options?: { force?: boolean; api?: string }): Promise<string>;
  /** Handles an alarm (the refresh schedule). */
  handleAlarm(name: string): Promise<void>;
  /** After browser startup or install/update: reschedules refresh, or signs in silently if a session existed. */
  resume(): Promise<void>;
}

/** Runs `work`, giving a closed window (or B2C's own Cancel) the journey's own words. */
async function cancelledAs<T>(code: ErrorCode, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const error = toSignInError(err);
    throw error.code === 'login_cancelled' ? new SignInError(code, undefined, { cause: error }) : error;
  }
}

interface OpenWindow {
  journey: Journey;
  done: Promise<AuthState>;
}

/** Creates the sign-in logic the background runs. */
export function createAuth(deps: AuthDeps): Auth {
  const { config } = deps;
  // One provider window at a time, and one silent attempt at a time, never both at once: they
  // would share the one stored transaction.
  let open: OpenWindow | undefined;
  let silent: Promise<CompletedSignIn | undefined> | undefined;
  let resuming: Promise<unknown> | undefined;

  const canEditProfile = config.profileEditAuthority !== undefined;
  const state = () => readAuthState({ canEditProfile, ...(open ? { journey: open.journey } : {}) });

  function signInSilently(): Promise<CompletedSignIn | undefined> {
    // A window is open: the user is there, and a silent attempt would replace its transaction.
    if (open) return Promise.resolve(undefined);
    silent ??= runAuthorization(deps, { flow: 'signIn', interactive: false })
      .catch((err: unknown) => {
        console.warn('Silent sign-in failed:', describeError(toSignInError(err)));
        return undefined;
      })
      .finally(() => {
        silent = undefined;
      });
    return silent;
  }

  const settings = settingsFingerprint(config);
  const isInForce = async () => {
    const inForce = deps.settingsInForce ? await deps.settingsInForce() : config;
    return inForce !== undefined && settingsFingerprint(inForce) === settings;
  };
  const tokens = createTokenManager({ config, signInSilently, isInForce });

  async function runInteractive(
    current: OpenWindow,
    run: (generation: number | null) => Promise<CompletedSignIn>,
  ): Promise<AuthState> {
    let result: CompletedSignIn;
    try {
      await silent;
      result = await run(await generationItem.getValue());
    } catch (err) {
      const error = toSignInError(err);
      console.warn(`${current.journey} failed:`, describeError(error));
      await noticeItem.setValue(failure(error));
      throw error;
    } finally {
      if (open === current) {
        open = undefined;
        deps.onWindowChange?.();
      }
    }
    // The state is the one just stored, read from no storage: no notice (the session's write
    // removed it), no window.
    const { profile, tokens: stored } = result;
    const apis = config.apis.map((api) => api.name);
    return toAuthState({ profile, expiresAt: stored.accessTokenExpiresAt, apis }, { canEditProfile });
  }

  /** Opens the provider's window for `journey`, or joins the one that is open. */
  function interactive(journey: Journey, run: (generation: number | null) => Promise<CompletedSignIn>): Promise<AuthState> {
    if (open) return open.done;
    const current: OpenWindow = { journey, done: Promise.resolve({ signedIn: false, busy: true }) };
    open = current;
    deps.onWindowChange?.();
    current.done = runInteractive(current, run);
    return current.done;
  }

  /** A silent sign-in that becomes the session, unless a sign-out came first. Never throws. */
  async function adoptSilently(): Promise<boolean> {
    const generation = await generationItem.getValue();
    const result = await signInSilently();
    if (!result) return false;
    return tokens.adopt(result, generation).then(
      () => true,
      () => false,
    );
  }

  async function signInWithReset(prompt?: 'login'): Promise<CompletedSignIn> {
    try {
      return await runAuthorization(deps, { flow: 'signIn', interactive: true, ...(prompt ? { prompt } : {}) });
    } catch (err) {
      const error = toSignInError(err);
      if (error.code !== 'password_reset_requested' || !config.passwordResetAuthority) throw error;
      // "Forgot your password?" ends B2C's sign-in with AADB2C90118: the reset flow follows at
      // once, with a transaction of its own, and its validated tokens sign the user in.
      if (open) {
        open.journey = 'resetPassword';
        deps.onWindowChange?.();
      }
      return cancelledAs('password_reset_cancelled', runAuthorization(deps, { flow: 'resetPassword', interactive: true }));
    }
  }

  async function editProfile(generation: number | null): Promise<CompletedSignIn> {
    const before = await tokens.session();
    if (!before) throw new SignInError('not_signed_in');
    if (!config.profileEditAuthority) throw new SignInError('profile_edit_unavailable');
    const result = await cancelledAs(
      'profile_edit_cancelled',
      runAuthorization(deps, { flow: 'editProfile', interactive: true }),
    );
    if (!sameIdentity(result.tokens.identity, before.identity)) throw new SignInError('profile_edit_other_account');
    return tokens.adopt(result, generation);
  }

  return {
    getState: state,
    async signIn() {
      // A click during startup's resume() or a silent sign-in waits for it; only if that did not
      // sign the user in is the user asked.
      const pending = resuming ?? silent;
      if (pending) {
        await pending.catch(() => undefined);
        if (await tokens.session()) return state();
      }
      return interactive('signIn', async (generation) => tokens.adopt(await signInWithReset(), generation));
    },
    useAnotherAccount: () =>
      interactive('useAnotherAccount', async (generation) => tokens.adopt(await signInWithReset('login'), generation)),
    editProfile: () => interactive('editProfile', editProfile),
    signInSilently: adoptSilently,
    async signOut() {
      const stored = await tokens.session();
      // Local state goes first and whole (the refresh token revoked meanwhile): nothing after
      // this can bring the session back.
      await tokens.endSession();
      if (stored) await endProviderSession(deps, stored);
      return state();
    },
    endSession: (notice) => tokens.endSession(notice),
    getAccessToken: (options) => tokens.getAccessToken(options),
    handleAlarm: (name) => tokens.handleAlarm(name),
    async resume() {
      const current = (async () => {
        if (await tokens.session()) return tokens.resume();
        // storage.session is empty after a browser restart; the provider's session may live on.
        if (!(await hadSessionItem.getValue())) return undefined;
        if (!(await adoptSilently())) await hadSessionItem.removeValue();
        return undefined;
      })();
      resuming = current;
      try {
        await current;
      } finally {
        if (resuming === current) resuming = undefined;
      }
    },
  };
}
