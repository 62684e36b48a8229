const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Parses `value` as a URL the API may fetch keys from: https, or http on a loopback host.
 *
 * @throws TypeError naming `field` otherwise.
 */
export function assertKeyUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`"${field}" must be an absolute URL`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new TypeError(`"${field}" must use https (http only for loopback hosts)`);
  }
  return url;
}
