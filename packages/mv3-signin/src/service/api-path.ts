import { SignInError } from '../core/errors.js';
import { trimTrailingSlashes } from '../core/url.js';
import type { ApiSettings } from '../settings/config.js';

/** The longest path a page or content script may ask for, query included. */
export const MAX_API_PATH_LENGTH = 2048;

// Control characters, Unicode's format characters (bidi overrides, zero-width ones) and every space
// and line separator; a backslash (the URL parser reads it as a slash); a fragment (never sent).
const REFUSED_CHARACTERS = /[\p{Cc}\p{Cf}\p{Z}\\#]/u;

// A percent-encoded '%', '.', '/' or '\': decoded again and again, so a double encoding
// (`%252e`) cannot hide a dot segment or a slash from a server that decodes twice.
const ENCODED = /%(25|2e|2f|5c)/gi;

function decoded(segment: string): string {
  // Each round makes the text shorter (three characters become one): it ends.
  for (let text = segment; ;) {
    const next = text.replace(ENCODED, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === text) return text;
    text = next;
  }
}

// A dot segment (`.`, `..`, `%2e`, `.%2E`…), or a segment hiding a slash or backslash (`%2f`, `%5c`).
function isRefusedSegment(segment: string): boolean {
  const text = decoded(segment);
  return text === '.' || text === '..' || text.includes('/') || text.includes('\\');
}

/**
 * The URL a path asks for under an API, or undefined when the path is refused: a string of at most
 * MAX_API_PATH_LENGTH characters that starts with one `/` (not `//`), with no backslash, control
 * character, space or `#`, no dot segment (literal or percent-encoded) and no encoded `/` or `\`.
 * The URL is `new URL(path, <the API's origin>)`, never the path as a URL of its own; it must keep
 * the API's origin, carry no credentials, and its path must be the API URL's path or lie under it
 * at a segment boundary (an API URL whose path is `/` allows every path). A query is allowed.
 */
export function apiPathUrl(apiUrl: URL, path: unknown): URL | undefined {
  if (typeof path !== 'string' || path.length > MAX_API_PATH_LENGTH) return undefined;
  if (!path.startsWith('/') || path.startsWith('//') || REFUSED_CHARACTERS.test(path)) return undefined;
  const [pathname = ''] = path.split('?', 1);
  if (pathname.split('/').some(isRefusedSegment)) return undefined;
  let url: URL;
  try {
    url = new URL(path, apiUrl.origin);
  } catch {
    return undefined;
  }
  // Holds by construction (one leading slash, no backslash): the rule's own words, checked on the URL itself.
  if (url.origin !== apiUrl.origin || url.username || url.password) return undefined;
  const base = trimTrailingSlashes(apiUrl.pathname);
  const under = base === '' || url.pathname === base || url.pathname.startsWith(`${base}/`);
  return under ? url : undefined;
}

/**
 * The URL `path` asks for under `api` (apiPathUrl's rule).
 *
 * @throws SignInError `api_path_refused` when the rule refuses it.
 */
export function urlUnderApi(api: ApiSettings, path: unknown): URL {
  const url = apiPathUrl(api.url, path);
  if (!url) throw new SignInError('api_path_refused');
  return url;
}
