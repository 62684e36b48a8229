import { isMicrosoftAuthority, parseUrl } from 'mv3-signin/settings';
import type { MessageKey } from './i18n';

/** Check's advice that depends on the provider: its messages in public/_locales. */
export interface CheckAdvice {
  /** Where to register the redirect URI. */
  readonly redirect: MessageKey;
  /** No discovery document (HTTP $2) at $1: what the authority should look like. */
  readonly notFound: MessageKey;
  /** The same, when the answer was a redirect. */
  readonly notFoundRedirect: MessageKey;
  /** Why a declared issuer may differ from the authority. */
  readonly issuerWhy: MessageKey;
  /** A user flow whose issuer ($2) is not the sign-in flow's ($3). */
  readonly flowOtherIssuer: MessageKey;
  /** An endpoint ($1) on another origin ($2) than the authority's ($3). */
  readonly refusedOtherOrigin: MessageKey;
  /** Scopes ($1) that name no API scope. */
  readonly noApiScope: MessageKey;
}

const MICROSOFT: CheckAdvice = {
  redirect: 'check_redirect',
  notFound: 'check_not_found',
  notFoundRedirect: 'check_not_found_redirect',
  issuerWhy: 'check_issuer_why_b2c',
  flowOtherIssuer: 'check_flow_other_issuer',
  refusedOtherOrigin: 'check_refused_other_origin',
  noApiScope: 'warning_no_api_scope',
};

const OPENID: CheckAdvice = {
  redirect: 'check_redirect_oidc',
  notFound: 'check_not_found_oidc',
  notFoundRedirect: 'check_not_found_redirect_oidc',
  issuerWhy: 'check_issuer_why_oidc',
  flowOtherIssuer: 'check_flow_other_issuer_oidc',
  refusedOtherOrigin: 'check_refused_other_origin_oidc',
  noApiScope: 'warning_no_api_scope_oidc',
};

/**
 * The advice for the provider at `authority` (the sign-in authority as typed): Azure's words (user
 * flows, the Single-page application platform) only for Microsoft's hosts and B2C-shaped custom
 * domains (lib/b2c.ts), plain OpenID Connect's for any other provider, or for no valid authority yet.
 */
export function checkAdvice(authority: string | undefined): CheckAdvice {
  const url = parseUrl(authority?.trim());
  return url && isMicrosoftAuthority(url) ? MICROSOFT : OPENID;
}
