import * as oauth from 'oauth4webapi';
import { describeError, toSignInError } from '../core/error-mapping.js';
import { limits } from '../core/http.js';
import { SignInError, failure, type Failure } from '../core/errors.js';
import { noticeItem, type StoredTokens } from './store.js';
import type { AuthorizationDeps } from './authorization.js';
import { loadMetadata } from './metadata.js';

/**
 * The provider's end-session URL (RP-Initiated Logout), or undefined when it has none.
 * The ID token goes along as id_token_hint, as B2C and the spec expect: it identifies the session,
 * and is no longer stored anywhere once this URL is built.
 */
function buildEndSessionUrl(
  as: oauth.AuthorizationServer,
  params: { clientId: string; idToken?: string; redirectUri: string; state: string },
): URL | undefined {
  if (!as.end_session_endpoint) return undefined;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', params.clientId);
  if (params.idToken) url.searchParams.set('id_token_hint', params.idToken);
  url.searchParams.set('post_logout_redirect_uri', params.redirectUri);
  url.searchParams.set('state', params.state);
  return url;
}

/** True when the URL the provider sent us back to is ours and carries our state. */
function isEndSessionReturn(returnedTo: string | undefined, redirectUri: string, state: string): boolean {
  if (!returnedTo || !returnedTo.startsWith(redirectUri)) return false;
  return new URL(returnedTo).searchParams.get('state') === state;
}

/**
 * Opens the end-session URL with no window; where the provider wants the user (its page asks
 * "do you want to sign out?", as OpenID RP-Initiated Logout §2 recommends, and sends nobody back
 * by itself), opens it again in a window the user can confirm or close.
 *
 * @returns where the provider sent the browser back to.
 * @throws SignInError `login_cancelled` when the user closed that window; what launchWebAuthFlow throws otherwise.
 */
async function openEndSession(deps: AuthorizationDeps, url: URL): Promise<string | undefined> {
  try {
    return await deps.launchWebAuthFlow({
      url: url.href,
      interactive: false,
      abortOnLoadForNonInteractive: false,
      timeoutMsForNonInteractive: limits().silentSignOutTimeoutMs,
    });
  } catch (err) {
    if (toSignInError(err).code !== 'login_required') throw err;
    return deps.launchWebAuthFlow({ url: url.href, interactive: true });
  }
}

/**
 * Ends the provider's session through the end_session_endpoint of the flow that issued `tokens`:
 * with no window where the provider sends the browser straight back (B2C), in a window the user
 * confirms where it asks. Never throws: a provider without the endpoint, a closed window or a
 * failure leaves a notice saying the sign-out was local only. Call it after the local session has
 * ended (and with it, the refresh token's revocation: auth/local-session.ts).
 */
export async function endProviderSession(deps: AuthorizationDeps, tokens: StoredTokens): Promise<void> {
  let notice: Failure | undefined;
  try {
    // The flow that issued the ID token ends the session: B2C matches id_token_hint to the policy.
    const as = await loadMetadata(deps.config, tokens.flow);
    const state = oauth.generateRandomState();
    const params = { clientId: deps.config.clientId, idToken: tokens.idToken, redirectUri: deps.redirectUri, state };
    const url = buildEndSessionUrl(as, params);
    if (!url) {
      notice = failure('signed_out_locally');
    } else {
      const returnedTo = await openEndSession(deps, url);
      if (!isEndSessionReturn(returnedTo, deps.redirectUri, state)) throw new SignInError('response_invalid');
    }
  } catch (err) {
    console.warn('Provider sign-out failed:', describeError(toSignInError(err)));
    notice = failure('provider_sign_out_failed');
  }
  if (notice) await noticeItem.setValue(notice);
}
