import * as oauth from 'oauth4webapi';
import type { LaunchWebAuthFlow } from '../auth/index.js';
import { probeRedirectUri, type RedirectVerdict } from '../auth/redirect-probe.js';
import { limits } from '../core/http.js';
import { isPageLoadFailure } from '../core/error-mapping.js';

/** What a registration check asks about. */
export interface RedirectCheck {
  readonly authorizationEndpoint: URL;
  readonly clientId: string;
}

export interface RedirectCheckOptions {
  readonly timeoutMs?: number;
  /**
   * The browser's non-interactive launchWebAuthFlow, asked when fetch cannot read the answer (no
   * host permission for the provider: its authorize endpoint sends no CORS headers).
   */
  readonly silentFlow?: LaunchWebAuthFlow;
}

// The browser loads the URL as sign-in would, with its cookies: a redirect back (even with a
// code, which is dropped unredeemed) is registered. Chrome rejects a page that answers an error
// status as "could not be loaded"; the provider is reachable (Check only asks once its discovery
// document was read), so that is the refusal. Anything else (a page that wants the user) is unknown.
async function silentVerdict(
  url: URL,
  redirectUri: string,
  flow: LaunchWebAuthFlow,
  timeoutMs: number,
): Promise<RedirectVerdict> {
  try {
    const back = await flow({
      url: url.href,
      interactive: false,
      abortOnLoadForNonInteractive: false,
      timeoutMsForNonInteractive: timeoutMs,
    });
    return back?.startsWith(redirectUri) ? 'registered' : 'unknown';
  } catch (err) {
    return isPageLoadFailure(err) ? 'not_registered' : 'unknown';
  }
}

/**
 * Asks the provider, without the user, whether it accepts `redirectUri` for the client: a
 * non-interactive authorization request (prompt=none, code flow with PKCE, fresh state and nonce)
 * loaded once without cookies. A redirect back (with a code, login_required or
 * interaction_required) means registered; an error page or status means not. Where fetch cannot
 * read the answer, `silentFlow` loads it as a silent sign-in would. The answer is dropped: no code
 * is redeemed, no transaction stored, and the verifier is never sent.
 *
 * @returns the verdict; never rejects.
 */
export async function checkRedirectRegistered(
  { authorizationEndpoint, clientId }: RedirectCheck,
  redirectUri: string,
  { timeoutMs = limits().probeTimeoutMs, silentFlow }: RedirectCheckOptions = {},
): Promise<RedirectVerdict> {
  const url = new URL(authorizationEndpoint.href);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', 'openid');
  url.searchParams.set('prompt', 'none');
  url.searchParams.set('state', oauth.generateRandomState());
  url.searchParams.set('nonce', oauth.generateRandomNonce());
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()));
  url.searchParams.set('code_challenge_method', 'S256');
  const verdict = await probeRedirectUri(url, redirectUri, { mustRedirect: true, timeoutMs });
  return verdict === 'unknown' && silentFlow ? silentVerdict(url, redirectUri, silentFlow, timeoutMs) : verdict;
}
