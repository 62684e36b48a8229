/**
 * What is specific to Azure AD B2C (and Entra External ID) lives here, so the rest of the
 * extension speaks plain OpenID Connect.
 */

/** B2C's user flows are B2C_1_…, its custom policies B2C_1A_…; B2C matches them case-insensitively. */
export const B2C_POLICY_SEGMENT = /^B2C_1A?_/i;

// Microsoft's own hosts: Azure AD B2C's and Entra External ID's.
const MICROSOFT_HOST = /(?:^|\.)(?:b2clogin|ciamlogin)\.com$/i;

/**
 * True for an authority of Azure AD B2C or Entra External ID: on `*.b2clogin.com` or
 * `*.ciamlogin.com`, or on a custom domain whose path (or old `?p=` query) names a B2C policy.
 */
export function isMicrosoftAuthority(url: URL): boolean {
  if (MICROSOFT_HOST.test(url.hostname)) return true;
  const policies = [
    ...url.pathname.split('/'),
    ...[...url.searchParams].flatMap(([name, value]) => (name.toLowerCase() === 'p' ? [value] : [])),
  ];
  return policies.some((segment) => B2C_POLICY_SEGMENT.test(segment));
}

/** Scopes that never yield an access token for an API on their own. */
const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email']);

/**
 * The scopes to request. B2C issues an access token only when an API scope, or the app's own
 * client id, is requested, and oauth4webapi requires an access token in every token response.
 * So when no API scope is configured, the client id is added as a scope: B2C then issues an
 * access token whose audience is the app itself. Other providers accept an unknown scope value
 * by ignoring it (RFC 6749 section 3.3).
 */
export function requestedScopes(configured: readonly string[], clientId: string): string[] {
  const scopes = ['openid', 'offline_access', ...configured];
  if (!scopes.some((scope) => !OIDC_SCOPES.has(scope))) scopes.push(clientId);
  return [...new Set(scopes)];
}

export type ProviderErrorKind = 'cancelled' | 'forgot_password' | 'interaction_required' | 'other';

// B2C puts its own code at the start of error_description, e.g.
// "AADB2C90091: The user has cancelled entering self-asserted information."
// https://learn.microsoft.com/azure/active-directory-b2c/error-codes
const B2C_CODE = /\bAADB2C(\d{5})\b/;

/** Classifies an authorization error response, understanding B2C's AADB2C codes. */
export function b2cErrorKind(error: string, description?: string): ProviderErrorKind {
  const b2c = description ? B2C_CODE.exec(description)?.[1] : undefined;
  if (b2c === '90091') return 'cancelled';
  if (b2c === '90118') return 'forgot_password';
  if (b2c === '90077') return 'interaction_required';
  if (error === 'login_required' || error === 'interaction_required' || error === 'consent_required') {
    return 'interaction_required';
  }
  return 'other';
}
