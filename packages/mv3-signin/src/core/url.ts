/**
 * `value` as a URL, or undefined when it is none. Not `URL.canParse` or `URL.parse`: Chrome has them
 * from 120 and 126, and the extension runs from 113 (eslint.config.js forbids them).
 */
export function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The origin of an http(s) URL; undefined for any other scheme or no URL. */
export function httpOrigin(url: string): string | undefined {
  const parsed = parseUrl(url);
  return parsed?.protocol === 'https:' || parsed?.protocol === 'http:' ? parsed.origin : undefined;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for localhost, 127.0.0.1 and [::1]: the only hosts plain http:// may be used with. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** True when `url` is http:// on a loopback host, where oauth4webapi must be told to allow it. */
export function isLoopbackHttp(url: URL | string): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/** True when `url` may carry tokens: https://, or http:// on a loopback host. */
export function isSecureOrLoopback(url: URL | string): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return parsed.protocol === 'https:' || isLoopbackHttp(parsed);
}

/**
 * `text` without the slashes it ends with. A loop, not `replace(/\/+$/, '')`: that expression
 * backtracks quadratically over a long run of slashes that does not end the text.
 */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end -= 1;
  return text.slice(0, end);
}

/**
 * The host permission to ask for to reach `origin`: its scheme and host, every port. Firefox
 * grants only patterns the manifest's optional_host_permissions name, and those carry no port
 * (`http://127.0.0.1/*`): it refuses `http://127.0.0.1:8080/*` as "not declared in the manifest".
 */
export function hostPermissionFor(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
