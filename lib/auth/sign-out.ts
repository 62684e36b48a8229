import * as oauth from 'oauth4webapi';
import { describeError, toAppError } from '../error-mapping';
import { AppError, failure, type Failure } from '../errors';
import { noticeItem, type StoredTokens } from '../session';
import type { AuthorizationDeps } from './authorization';
import { loadMetadata } from './metadata';
import { revokeRefreshToken } from './revocation';

/** How long the provider's end-session page may take before the sign-out counts as local only. */
export const END_SESSION_TIMEOUT_MS = 10_000;

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
 * Ends the provider's session through the end_session_endpoint of the flow that issued `tokens`,
 * with no window (B2C's page redirects straight back), and meanwhile revokes the refresh token
 * where the provider offers revocation, without waiting for it. Never throws: a provider without
 * the endpoint, or a failure, leaves a notice saying the sign-out was local only. Call it after
 * the local session is cleared.
 */
export async function endProviderSession(deps: AuthorizationDeps, tokens: StoredTokens): Promise<void> {
  const { idToken, refreshToken } = tokens;
  let notice: Failure | undefined;
  try {
    // The flow that issued the ID token ends the session: B2C matches id_token_hint to the policy.
    const as = await loadMetadata(deps.config, tokens.flow);
    if (refreshToken) void revokeRefreshToken(as, deps.config, refreshToken);
    const state = oauth.generateRandomState();
    const url = buildEndSessionUrl(as, { clientId: deps.config.clientId, idToken, redirectUri: deps.redirectUri, state });
    if (!url) {
      notice = failure('signed_out_locally');
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
    notice = failure('provider_sign_out_failed');
  }
  if (notice) await noticeItem.setValue(notice);
}
