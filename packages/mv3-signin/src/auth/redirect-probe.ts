import { isSecureOrLoopback } from '../core/url.js';
import { limitResponseSize, limits } from '../core/http.js';

/** Whether the provider accepts the redirect URI: it sends the browser back to it, or it refuses it. */
export type RedirectVerdict = 'registered' | 'not_registered' | 'unknown';

// The error pages of Azure AD B2C (AADB2C90006) and Entra ID / External ID (AADSTS50011) for a
// redirect URI that is not registered, which may come with any status.
const MICROSOFT_REFUSAL = /\bAADB2C90006\b|\bAADSTS50011\b/;

export interface ProbeOptions {
  /** true for a prompt=none request (Check): a redirect counts only when it goes back to the URI. */
  readonly mustRedirect: boolean;
  readonly timeoutMs?: number;
}

async function load(url: URL, timeoutMs: number): Promise<Response | undefined> {
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // No more of it is read than sign-in reads of anything.
    return response.type === 'opaqueredirect' ? response : await limitResponseSize(response);
  } catch {
    return undefined;
  }
}

async function verdictOf(response: Response, redirectUri: string, { mustRedirect }: ProbeOptions): Promise<RedirectVerdict> {
  // A browser hides a redirect's Location (opaqueredirect); Node shows it.
  if (response.type === 'opaqueredirect') return 'registered';
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '';
    return !mustRedirect || location.startsWith(redirectUri) ? 'registered' : 'unknown';
  }
  // An authorization endpoint answers in its own page, rather than redirecting back, only what it
  // cannot send back: an unknown client or redirect URI (RFC 6749 4.1.2.1), e.g. oidc-provider's
  // 400 invalid_redirect_uri. A 5xx is the provider failing, which says nothing about the URI.
  if (response.status >= 400 && response.status < 500) return 'not_registered';
  const body = await response.text().catch(() => '');
  return MICROSOFT_REFUSAL.test(body) ? 'not_registered' : 'unknown';
}

/**
 * Loads `authorizeUrl` once, without cookies and without following redirects, and tells from
 * the answer whether the provider accepts `redirectUri`: a redirect (back to it, where the
 * browser lets us see where) is "registered"; a 4xx, or a page naming a refused redirect URI
 * (B2C's AADB2C90006, Entra's AADSTS50011), is "not registered"; no answer, a 5xx or anything
 * else is "unknown", and so is an answer CORS hides (no host permission for the provider: a
 * no-cors request cannot be made without following redirects). Nothing is redeemed or stored:
 * whatever comes back is dropped.
 *
 * @returns the verdict; never rejects.
 */
export async function probeRedirectUri(authorizeUrl: URL, redirectUri: string, options: ProbeOptions): Promise<RedirectVerdict> {
  if (!isSecureOrLoopback(authorizeUrl)) return 'unknown';
  const response = await load(authorizeUrl, options.timeoutMs ?? limits().probeTimeoutMs);
  return response ? verdictOf(response, redirectUri, options) : 'unknown';
}
