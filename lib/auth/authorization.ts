import type { Config, UserFlow } from '../config';
import { AppError } from '../errors';
import { transactionItem } from '../session';
import { loadMetadata } from './metadata';
import { beginSignIn, completeSignIn, type CompletedSignIn } from './sign-in';

/** chrome.identity.launchWebAuthFlow, taken as a parameter so tests can drive the provider. */
export type LaunchWebAuthFlow = (details: {
  url: string;
  interactive: boolean;
  abortOnLoadForNonInteractive?: boolean;
  timeoutMsForNonInteractive?: number;
}) => Promise<string | undefined>;

/** What one authorization needs from the extension. */
export interface AuthorizationDeps {
  readonly config: Config;
  /** identity.getRedirectURL(): https://<extension-id>.chromiumapp.org/ */
  readonly redirectUri: string;
  readonly launchWebAuthFlow: LaunchWebAuthFlow;
}

export interface AuthorizationRequest {
  readonly flow: UserFlow;
  /** false: no window at all (prompt=none), answered from the provider's session. */
  readonly interactive: boolean;
  /** `login`: the provider asks for credentials even while its session lives ("Use another account"). */
  readonly prompt?: 'login';
}

/** How long a silent sign-in may take before it counts as "the user must sign in". */
export const SILENT_TIMEOUT_MS = 10_000;

/**
 * Runs one authorization of a user flow: a new transaction persisted before the provider's page
 * opens (or, silently, loads), then the redirect checked and the ID token fully validated.
 * Stores nothing: the transaction is gone whatever the outcome, and the caller decides what
 * becomes of the result.
 *
 * @throws AppError for every failure; `login_cancelled` when the window was closed.
 */
export async function runAuthorization(deps: AuthorizationDeps, request: AuthorizationRequest): Promise<CompletedSignIn> {
  // Once the provider has answered, completeSignIn removes the transaction itself, first of all.
  let answered = false;
  try {
    const as = await loadMetadata(deps.config, request.flow);
    const prompt = request.interactive ? request.prompt : 'none';
    const { url, transaction } = await beginSignIn(as, deps.config, deps.redirectUri, {
      flow: request.flow,
      ...(prompt ? { prompt } : {}),
    });
    const redirectedTo = await deps.launchWebAuthFlow(
      request.interactive
        ? { url: url.href, interactive: true }
        : {
            url: url.href,
            interactive: false,
            abortOnLoadForNonInteractive: false,
            timeoutMsForNonInteractive: SILENT_TIMEOUT_MS,
          },
    );
    if (!redirectedTo) throw new AppError('login_cancelled');
    answered = true;
    return await completeSignIn(as, deps.config, redirectedTo, transaction);
  } finally {
    if (!answered) await transactionItem.removeValue();
  }
}
