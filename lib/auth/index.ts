import type { AuthState } from '../auth-state';
import { readAuthState } from '../auth-state';
import type { Config } from '../config';
import * as oauth from 'oauth4webapi';
import { AppError, userMessage } from '../errors';
import { describeError, toAppError } from '../error-mapping';
import { clearSession, generationItem, noticeItem, saveSession, tokensItem, transactionItem, type Notice } from '../session';
import { writeItems } from '../storage-item';
import { loadMetadata } from './metadata';
import { beginSignIn, completeSignIn } from './sign-in';
import { buildEndSessionUrl, END_SESSION_TIMEOUT_MS, isEndSessionReturn } from './sign-out';

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
   * Clears every local trace of the session, then ends the provider's session through its
   * end_session_endpoint. A provider without one gets a local sign-out and a notice saying so.
   */
  signOut(): Promise<AuthState>;
  /**
   * The access token for an API call.
   *
   * @throws AppError `not_signed_in`, or `session_expired` once it has expired.
   */
  getAccessToken(): Promise<string>;
}

/** Creates the sign-in logic the background runs. */
export function createAuth(deps: AuthDeps): Auth {
  let signingIn: Promise<AuthState> | undefined;

  async function runSignIn(): Promise<AuthState> {
    await noticeItem.removeValue();
    const generation = await generationItem.getValue();
    try {
      const as = await loadMetadata(deps.config);
      const url = await beginSignIn(as, deps.config, deps.redirectUri);
      const redirectedTo = await deps.launchWebAuthFlow({ url: url.href, interactive: true });
      if (!redirectedTo) throw new AppError('login_cancelled');
      const { tokens, profile } = await completeSignIn(as, deps.config, redirectedTo);
      // A sign-out while the window was open wins: its generation bump drops this result.
      if ((await generationItem.getValue()) !== generation) throw new AppError('login_cancelled');
      await saveSession(tokens, profile);
      return await readAuthState(false);
    } catch (err) {
      const error = toAppError(err);
      console.warn('Sign-in failed:', describeError(error));
      await writeItems('session', [
        [transactionItem, null],
        [noticeItem, { code: error.code, message: error.message }],
      ]);
      throw error;
    }
  }

  async function endProviderSession(idToken: string): Promise<void> {
    let notice: Notice | undefined;
    try {
      const as = await loadMetadata(deps.config);
      const state = oauth.generateRandomState();
      const url = buildEndSessionUrl(as, { clientId: deps.config.clientId, idToken, redirectUri: deps.redirectUri, state });
      if (!url) {
        notice = { code: 'signed_out_locally', message: userMessage('signed_out_locally') };
      } else {
        // B2C's end-session page redirects straight back, so no window needs to show.
        const returnedTo = await deps.launchWebAuthFlow({
          url: url.href,
          interactive: false,
          abortOnLoadForNonInteractive: false,
          timeoutMsForNonInteractive: END_SESSION_TIMEOUT_MS,
        });
        if (!isEndSessionReturn(returnedTo, deps.redirectUri, state)) throw new AppError('response_invalid');
      }
    } catch (err) {
      console.warn('Provider sign-out failed:', describeError(toAppError(err)));
      notice = { code: 'provider_sign_out_failed', message: userMessage('provider_sign_out_failed') };
    }
    if (notice) await noticeItem.setValue(notice);
  }

  return {
    getState: () => readAuthState(signingIn !== undefined),
    signIn() {
      signingIn ??= runSignIn().finally(() => {
        signingIn = undefined;
      });
      return signingIn;
    },
    async getAccessToken() {
      const tokens = await tokensItem.getValue();
      if (!tokens) throw new AppError('not_signed_in');
      if (tokens.accessTokenExpiresAt <= Date.now()) throw new AppError('session_expired');
      return tokens.accessToken;
    },
    async signOut() {
      const tokens = await tokensItem.getValue();
      // Local state goes first and whole: nothing after this can bring the session back.
      await clearSession();
      if (tokens) await endProviderSession(tokens.idToken);
      return readAuthState(signingIn !== undefined);
    },
  };
}
