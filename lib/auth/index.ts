import { readAuthState, type AuthState } from '../auth-state';
import type { Config } from '../config';
import { describeError, toAppError } from '../error-mapping';
import { AppError } from '../errors';
import { generationItem, hadSessionItem, noticeItem, saveSession, tokensItem, transactionItem } from '../session';
import { writeItems } from '../storage-item';
import { loadMetadata } from './metadata';
import { scheduleRefresh } from './schedule';
import { beginSignIn, completeSignIn } from './sign-in';
import { endProviderSession } from './sign-out';
import { createTokenManager } from './token-manager';

/** chrome.identity.launchWebAuthFlow, taken as a parameter so tests can drive the provider. */
export type LaunchWebAuthFlow = (details: {
  url: string;
  interactive: boolean;
  abortOnLoadForNonInteractive?: boolean;
  timeoutMsForNonInteractive?: number;
}) => Promise<string | undefined>;

export interface AuthDeps {
  readonly config: Config;
  /** identity.getRedirectURL(): https://<extension-id>.chromiumapp.org/ */
  readonly redirectUri: string;
  readonly launchWebAuthFlow: LaunchWebAuthFlow;
}

export interface Auth {
  /** The public state; `busy` while a sign-in is open. */
  getState(): Promise<AuthState>;
  /**
   * Runs an interactive sign-in. A second call while one is open joins it instead of opening
   * another window. Resolves with the new state; on failure stores a notice, leaves any earlier
   * session untouched, and throws the AppError.
   */
  signIn(): Promise<AuthState>;
  /**
   * Tries to sign in with no window (prompt=none), using the provider's session cookie.
   *
   * @returns true when it signed the user in; false when the provider wants the user (or failed).
   */
  signInSilently(): Promise<boolean>;
  /**
   * Clears every local trace of the session, then ends the provider's session through its
   * end_session_endpoint. A provider without one gets a local sign-out and a notice saying so.
   */
  signOut(): Promise<AuthState>;
  /** See TokenManager.getAccessToken. */
  getAccessToken(options?: { force?: boolean }): Promise<string>;
  /** Handles an alarm (the refresh schedule). */
  handleAlarm(name: string): Promise<void>;
  /** After browser startup or install/update: reschedules refresh, or signs in silently if a session existed. */
  resume(): Promise<void>;
}

/** How long a silent sign-in may take before it counts as "the user must sign in". */
export const SILENT_TIMEOUT_MS = 10_000;

/** Creates the sign-in logic the background runs. */
export function createAuth(deps: AuthDeps): Auth {
  // One flow at a time; the kind tells a click whether it can join the open one.
  let flow: { interactive: boolean; done: Promise<boolean> } | undefined;
  let resuming: Promise<boolean> | undefined;

  async function runFlow(interactive: boolean): Promise<boolean> {
    await noticeItem.removeValue();
    const generation = await generationItem.getValue();
    try {
      const as = await loadMetadata(deps.config);
      const url = await beginSignIn(as, deps.config, deps.redirectUri, interactive ? {} : { prompt: 'none' });
      const redirectedTo = await deps.launchWebAuthFlow(
        interactive
          ? { url: url.href, interactive: true }
          : {
              url: url.href,
              interactive: false,
              abortOnLoadForNonInteractive: false,
              timeoutMsForNonInteractive: SILENT_TIMEOUT_MS,
            },
      );
      if (!redirectedTo) throw new AppError('login_cancelled');
      const { tokens, profile } = await completeSignIn(as, deps.config, redirectedTo);
      // A sign-out while the window was open wins: its generation bump drops this result.
      if ((await generationItem.getValue()) !== generation) throw new AppError('login_cancelled');
      await saveSession(tokens, profile);
      await scheduleRefresh(tokens.refreshAt);
      return true;
    } catch (err) {
      const error = toAppError(err);
      console.warn(interactive ? 'Sign-in failed:' : 'Silent sign-in failed:', describeError(error));
      await writeItems('session', [
        [transactionItem, null],
        // A silent attempt fails quietly: the popup just offers "Sign in".
        ...(interactive ? [[noticeItem, { code: error.code, message: error.message }] as const] : []),
      ]);
      if (interactive) throw error;
      return false;
    }
  }

  function startFlow(interactive: boolean): Promise<boolean> {
    if (!flow) {
      const current = { interactive, done: runFlow(interactive) };
      flow = current;
      void current.done
        .finally(() => {
          if (flow === current) flow = undefined;
        })
        .catch(() => undefined);
    }
    return flow.done;
  }

  async function signInSilently(): Promise<boolean> {
    // Joining an interactive flow would wait for the user; a silent caller wants an answer now.
    if (flow?.interactive) return false;
    return startFlow(false);
  }

  const tokens = createTokenManager({ config: deps.config, signInSilently });

  return {
    getState: () => readAuthState(flow !== undefined),
    async signIn() {
      // A click during startup's resume() or a silent sign-in waits for it; only if that did not
      // sign the user in is the user asked.
      const silent = resuming ?? (flow && !flow.interactive ? flow.done : undefined);
      if (silent && (await silent.catch(() => false))) return readAuthState(false);
      await startFlow(true);
      return readAuthState(false);
    },
    signInSilently,
    async signOut() {
      const stored = await tokensItem.getValue();
      // Local state goes first and whole: nothing after this can bring the session back.
      await tokens.endSession();
      if (stored) await endProviderSession(deps, stored.idToken);
      return readAuthState(flow !== undefined);
    },
    getAccessToken: (options) => tokens.getAccessToken(options),
    handleAlarm: (name) => tokens.handleAlarm(name),
    async resume() {
      const current = (async () => {
        if (await tokensItem.getValue()) {
          await tokens.resume();
          return false;
        }
        // storage.session is empty after a browser restart; the provider's session may live on.
        if (!(await hadSessionItem.getValue())) return false;
        const signedIn = await signInSilently();
        if (!signedIn) await hadSessionItem.removeValue();
        return signedIn;
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
