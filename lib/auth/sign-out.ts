import * as oauth from 'oauth4webapi';

/** How long the provider's end-session page may take before the sign-out counts as local only. */
export const END_SESSION_TIMEOUT_MS = 10_000;

/**
 * The provider's end-session URL (RP-Initiated Logout), or undefined when it has none.
 * The ID token goes along as id_token_hint, as B2C and the spec expect: it identifies the session,
 * and is no longer stored anywhere once this URL is built.
 */
export function buildEndSessionUrl(
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
export function isEndSessionReturn(returnedTo: string | undefined, redirectUri: string, state: string): boolean {
  if (!returnedTo || !returnedTo.startsWith(redirectUri)) return false;
  return new URL(returnedTo).searchParams.get('state') === state;
}
