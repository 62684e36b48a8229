/**
 * English words for every key the package shows: pass `english` as `words` to `createSignIn` (and
 * to `createSignInClient`) and users read plain sentences instead of codes. Optional: an extension
 * with its own `_locales` passes `(key, ...subs) => browser.i18n.getMessage(key, subs)` instead.
 *
 * @module
 */
import type { WordKey, Words } from './core/words.js';

/** The sentences, `$1`… for what is filled in. */
export const ENGLISH: Readonly<Record<WordKey, string>> = {
  error_config_invalid: 'The extension is not configured correctly.',
  error_not_set_up: 'The extension is not set up yet: open its settings to point it at your sign-in provider.',
  error_settings_changed: 'The sign-in settings changed, so you were signed out. Please sign in again.',
  error_login_cancelled: 'Sign-in was cancelled.',
  error_password_reset_requested:
    'Password reset is not available from the extension yet. Reset your password on the provider’s site, then sign in again.',
  error_password_reset_cancelled: 'Password reset was cancelled.',
  error_profile_edit_cancelled: 'Profile edit was cancelled.',
  error_profile_edit_other_account:
    'The profile edit came back signed in as a different account, so nothing was changed. You are still signed in as before.',
  error_profile_edit_unavailable: 'Profile editing is not set up for this extension.',
  error_login_required: 'Please sign in.',
  error_login_failed: 'The provider did not sign you in.',
  error_redirect_uri_not_registered: 'The provider refused this extension’s redirect URI, so it showed no sign-in page.',
  error_state_mismatch: 'The sign-in response did not match a sign-in started here, so it was ignored. Please try again.',
  error_response_invalid: 'The provider’s sign-in response was not valid, so it was ignored. Please try again.',
  error_discovery_failed: 'The sign-in provider could not be reached or is not configured as expected.',
  error_token_failed: 'The provider did not issue tokens for this sign-in.',
  error_id_token_invalid: 'The provider’s identity token failed validation, so you were not signed in.',
  error_identity_changed: 'The provider returned a different account, so you were signed out. Please sign in again.',
  error_session_expired: 'Your session expired, sign in again.',
  error_session_ended: 'Your session ended, sign in again.',
  error_not_signed_in: 'You are not signed in.',
  error_signed_out_locally:
    'You are signed out of the extension. This provider offers no sign-out endpoint, so your session on its site may continue.',
  error_provider_sign_out_failed:
    'You are signed out of the extension, but the provider’s session could not be ended. It may sign you in again without asking.',
  error_api_unauthorized: 'The API did not accept your sign-in (401).',
  error_api_forbidden: 'You do not have permission to use this API (403).',
  error_api_failed: 'The API call failed.',
  error_api_unknown: 'No API of that name is configured.',
  error_api_path_refused: 'That address is not part of the API, so the extension did not call it.',
  error_site_not_allowed: 'This site may not show data from that API. You can allow it in the extension’s settings.',
  error_rate_limited: 'This page asked for data too often. Please wait a minute and try again.',
  error_network: 'The server could not be reached. Check your connection and try again.',
  error_timeout: 'The server took too long to answer. Please try again.',
  error_bad_request: 'That request was not understood.',
  error_settings_fixed: 'These settings are fixed in this extension: nothing can be saved here.',
  error_no_answer: 'The extension did not answer. Please try again.',
  error_internal: 'Something went wrong. Please try again.',
  detail_no_id_token: '(The provider sent no identity token.)',
  detail_no_authorization_endpoint: '(No authorization endpoint.)',
  detail_endpoint_other_origin: '(Its $1 is on another origin than the authority.)',
  detail_endpoint_invalid: '(Its $1 is missing or not https.)',
  detail_http_status: '(HTTP $1)',
  error_detail_redirect_refused:
    'Register $1 as a redirect URI of the app registration with client id $2 (Authentication, platform Single-page application), then sign in again.',
  error_detail_redirect_refused_oidc: 'Register $1 as a redirect URI of the client $2 in your provider, then sign in again.',
  config_required: '$1 must be a non-empty string',
  config_not_url: '$1 must be an absolute URL, got "$2"',
  config_http_not_loopback: '$1 must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])',
  config_not_https: '$1 must be an https:// URL',
  config_credentials: '$1 must not contain credentials',
  config_query: '$1 must not contain a query or fragment',
  config_spaces: '$1 must not contain spaces',
  config_flow_origin:
    '$1 must be on the sign-in authority’s origin, $2: every user flow of a tenant is, and one on another host could sign its own tokens.',
  config_apis_json: '$1 must be a JSON array of APIs, each {"name": …, "url": …, "scopes": …}',
  config_apis_too_many: '$1 may list at most $2 APIs',
  config_apis_not_object: '$1, entry $2 must be an object {"name": …, "url": …, "scopes": …}',
  config_api_entry: '$1, entry $2 ($3): "$4"',
  config_api_entry_unnamed: '$1, entry $2: "$3"',
  config_api_name: '$1 must be a name of 1 to $2 characters on one line',
  config_api_name_taken: '$1 is already the name of entry $2 (names must differ, ignoring case)',
  config_api_not_string: '$1 must be a string',
  config_api_unknown_key: '$1 is not a key of an API (name, url, scopes)',
  field_authority: 'Authority',
  field_issuer: 'Issuer',
  field_clientId: 'Client ID',
  field_scopes: 'Scopes',
  field_apiUrl: 'API URL',
  field_apis: 'APIs',
  field_passwordResetAuthority: 'Password reset authority',
  field_profileEditAuthority: 'Profile edit authority',
  language: 'en',
};

/** English words: `ENGLISH[key]` with `$1`… replaced by `substitutions`. */
export const english: Words = (key, ...substitutions) =>
  ENGLISH[key].replace(/\$([1-9])/g, (_match, index: string) => substitutions[Number(index) - 1] ?? '');
