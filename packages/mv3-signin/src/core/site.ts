import { isFirefox } from './browser.js';
import { hostPermissionFor, isSecureOrLoopback, parseUrl } from './url.js';

/** The longest site origin a page may send: scheme, a host of at most 253 characters, a port. */
const MAX_ORIGIN_LENGTH = 300;

// A host name of labels (as URL writes it: lower case, punycode) or an IPv6 address. The URL parser
// takes more (`*`, `$`, `!`…), and a `*` would make the match pattern a wildcard for every subdomain.
const HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)$/;

/**
 * `value` when it is a site's origin exactly as `URL.origin` writes it (`https://shop.example`,
 * `http://localhost:5391`): https, or http on a loopback host, as for an API (the API's data is
 * shown there), on one host (no wildcard). Anything else (a path, a trailing slash, credentials,
 * another scheme) is undefined.
 */
export function asSiteOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_ORIGIN_LENGTH) return undefined;
  const url = parseUrl(value);
  return url?.origin === value && HOST.test(url.hostname) && isSecureOrLoopback(url) ? value : undefined;
}

/**
 * The match pattern for a site: what its host permission is asked for as, and where its content
 * script is registered. `${origin}/*` where match patterns carry a port (Chrome); Firefox's
 * carry none, so there it is the host on every port (`hostPermissionFor`), which is also what the
 * manifest's optional_host_permissions name.
 */
export function sitePattern(origin: string): string {
  return isFirefox() ? hostPermissionFor(origin) : `${origin}/*`;
}
