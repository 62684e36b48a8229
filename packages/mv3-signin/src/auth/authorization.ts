import type { Settings, UserFlow } from '../settings/config.js';
import { isMicrosoftAuthority } from '../settings/b2c.js';
import { isPageLoadFailure, toSignInError } from '../core/error-mapping.js';
import { SignInError } from '../core/errors.js';
import { word } from '../core/words.js';
import { limits } from '../core/http.js';
import { transactionItem } from './store.js';
import { loadMetadata } from './metadata.js';
import { probeRedirectUri } from './redirect-probe.js';
import { beginSignIn, completeSignIn, type CompletedSignIn } from './sign-in.js';

/** chrome.identity.launchWebAuthFlow, taken as a parameter so tests can drive the provider. */
export type LaunchWebAuthFlow = (details: {
  url: string;
  interactive: boolean;
  abortOnLoadForNonInteractive?: boolean;
  timeoutMsForNonInteractive?: number;
}) => Promise<string | undefined>;

/** What one authorization needs from the extension. */
export interface AuthorizationDeps {
  readonly config: Settings;
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

/**
 * Why an interactive flow's page did not load. Chrome rejects a page that answers an HTTP error
 * (a provider refusing the redirect URI: oidc-provider's 400 invalid_redirect_uri, B2C's
 * AADB2C90006) with the same words as one that does not answer at all; one request of our own to
 * the same URL tells the refusal apart, which then names the URI and client id to register. A
 * window the user closed is asked about the same way: Firefox (and Chrome, for B2C's error page
 * answered with 200) shows the refusal in the window, and the user closes it. Anything else keeps
 * its old meaning.
 */
async function explainedLaunchFailure(deps: AuthorizationDeps, url: URL, err: unknown): Promise<unknown> {
  // Firefox shows the provider's error page in the window (as Chrome does B2C's, answered with
  // 200), so a window the user closed may hide a refusal too.
  if (!isPageLoadFailure(err) && toSignInError(err).code !== 'login_cancelled') return err;
  if ((await probeRedirectUri(url, deps.redirectUri, { mustRedirect: false })) !== 'not_registered') return err;
  const { config, redirectUri } = deps;
  const key = isMicrosoftAuthority(config.authority) ? 'error_detail_redirect_refused' : 'error_detail_redirect_refused_oidc';
  const detail = word(key, redirectUri, config.clientId);
  return new SignInError('redirect_uri_not_registered', detail, { cause: err });
}

/**
 * Runs one authorization of a user flow: a new transaction persisted before the provider's page
 * opens (or, silently, loads), then the redirect checked and the ID token fully validated.
 * Stores nothing: the transaction is gone whatever the outcome, and the caller decides what
 * becomes of the result.
 *
 * @throws SignInError for every failure; `login_cancelled` when the window was closed;
 *   `redirect_uri_not_registered` when the provider refused to load its page for this redirect URI.
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
    const redirectedTo = request.interactive
      ? await deps.launchWebAuthFlow({ url: url.href, interactive: true }).catch(async (err: unknown) => {
          throw await explainedLaunchFailure(deps, url, err);
        })
      : await deps.launchWebAuthFlow({
          url: url.href,
          interactive: false,
          abortOnLoadForNonInteractive: false,
          timeoutMsForNonInteractive: limits().silentSignInTimeoutMs,
        });
    if (!redirectedTo) throw new SignInError('login_cancelled');
    answered = true;
    return await completeSignIn(as, deps.config, redirectedTo, transaction);
  } finally {
    if (!answered) await transactionItem.removeValue();
  }
}
