import { parseUrlValue, SettingsError, type ApiEntry, type ApiKey } from './problems.js';

/** A protected API the extension calls: what its tokens are for, and where they may go. */
export interface ApiSettings {
  /** Its label: unique among the APIs, ignoring case (what a page names it by). */
  readonly name: string;
  /** Its URL: calls go to it (https://, or http:// on a loopback host). */
  readonly url: URL;
  /** The scopes a token for it asks for, as configured (without openid and offline_access). */
  readonly scopes: readonly string[];
}

/** The most APIs the list may hold. */
export const MAX_APIS = 10;
/** The longest an API's name may be, in characters. */
export const MAX_API_NAME_LENGTH = 40;
/** The name of the one API that `apiUrl` and `scopes` (the shorthand) define. */
export const SHORTHAND_API_NAME = 'API';

const API_KEYS: readonly string[] = ['name', 'url', 'scopes'] satisfies readonly ApiKey[];

// A name or key is shown in one line of a message: no control characters.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

const isName = (name: string) => name !== '' && [...name].length <= MAX_API_NAME_LENGTH && !name.match(CONTROL);

/** The scopes of a space-separated list. */
export function splitScopes(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * The APIs list (`apis`, the JSON text of `[{ "name", "url", "scopes" }, …]`), checked entry by
 * entry: a unique name, a URL that may carry tokens, scopes as a string (may be empty or left out).
 *
 * @returns the APIs in their order; none for an empty array.
 * @throws SettingsError on `apis`, naming the entry (its place, and its name once it is valid).
 */
export function parseApiList(text: string): ApiSettings[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new SettingsError('apis', 'config_apis_json');
  }
  if (!Array.isArray(list)) throw new SettingsError('apis', 'config_apis_json');
  if (list.length > MAX_APIS) throw new SettingsError('apis', 'config_apis_too_many', String(MAX_APIS));
  const apis: ApiSettings[] = [];
  list.forEach((item: unknown, at) => {
    const api = parseEntry(item, at + 1);
    const taken = apis.findIndex(({ name }) => name.toLowerCase() === api.name.toLowerCase());
    if (taken !== -1) {
      throw SettingsError.inApi({ index: at + 1, name: api.name, key: 'name' }, 'config_api_name_taken', String(taken + 1));
    }
    apis.push(api);
  });
  return apis;
}

function parseEntry(item: unknown, index: number): ApiSettings {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new SettingsError('apis', 'config_apis_not_object', String(index));
  }
  const entry = item as Record<string, unknown>;
  const name = typeof entry['name'] === 'string' ? entry['name'].trim() : '';
  if (!isName(name)) throw SettingsError.inApi({ index, key: 'name' }, 'config_api_name', String(MAX_API_NAME_LENGTH));
  const at = (key: string): ApiEntry => ({ index, name, key });
  const unknown = Object.keys(entry).find((key) => !API_KEYS.includes(key));
  if (unknown !== undefined) {
    throw SettingsError.inApi(at(unknown.replace(CONTROL, '?').slice(0, MAX_API_NAME_LENGTH)), 'config_api_unknown_key');
  }
  const url = typeof entry['url'] === 'string' ? entry['url'].trim() : '';
  if (!url) throw SettingsError.inApi(at('url'), 'config_required');
  const scopes = entry['scopes'] ?? '';
  if (typeof scopes !== 'string') throw SettingsError.inApi(at('scopes'), 'config_api_not_string');
  return Object.freeze({
    name,
    url: parseUrlValue(url, (problem, ...substitutions) => SettingsError.inApi(at('url'), problem, ...substitutions)),
    scopes: Object.freeze(splitScopes(scopes)),
  });
}
