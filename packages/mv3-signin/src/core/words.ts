import type { ErrorCode } from './errors.js';
import type { SettingsField } from '../settings/fields.js';

/**
 * What the settings validator refuses: `$1` is the field's label, or for an entry of the APIs list
 * the entry's label (`config_api_entry`: "APIs, entry 2 (Orders API): "url"").
 */
export type SettingsProblem =
  | 'config_required'
  | 'config_not_url'
  | 'config_http_not_loopback'
  | 'config_not_https'
  | 'config_credentials'
  | 'config_query'
  | 'config_spaces'
  | 'config_flow_origin'
  | 'config_apis_json'
  | 'config_apis_too_many'
  | 'config_apis_not_object'
  | 'config_api_entry'
  | 'config_api_entry_unnamed'
  | 'config_api_name'
  | 'config_api_name_taken'
  | 'config_api_not_string'
  | 'config_api_unknown_key';

/** Extra words after an error's own sentence. */
export type DetailKey =
  | 'detail_no_id_token'
  | 'detail_no_authorization_endpoint'
  | 'detail_endpoint_other_origin'
  | 'detail_endpoint_invalid'
  | 'detail_http_status'
  | 'error_detail_redirect_refused'
  | 'error_detail_redirect_refused_oidc';

/**
 * Every text the package shows, by key: the same names as a `_locales/<lang>/messages.json`, so
 * an extension's `browser.i18n.getMessage` can be the wording. `language` is the language the
 * words are in (a BCP 47 tag): the provider gets it as `ui_locales`.
 */
export type WordKey = `error_${ErrorCode}` | DetailKey | SettingsProblem | `field_${SettingsField}` | 'language';

/**
 * Words for a key, with `$1`… filled from `substitutions`. English is `english` from
 * `mv3-signin/en`; without words, the package shows the keys themselves.
 */
export type Words = (key: WordKey, ...substitutions: string[]) => string;

const keysOnly: Words = (key, ...substitutions) => (key === 'language' ? '' : [key, ...substitutions].join(' '));

let current: Words = keysOnly;

/** @internal The words in use from now on (createSignIn's and createSignInClient's `words`). */
export function useWords(words: Words | undefined): void {
  current = words ?? keysOnly;
}

/** @internal The text for `key` in the words in use. */
export function word(key: WordKey, ...substitutions: string[]): string {
  return current(key, ...substitutions);
}
