import { browser } from 'wxt/browser';
import { REQUEST_TIMEOUT_MS } from './auth/http';
import type { Config } from './config';

type Probe = 'answered' | 'blocked' | 'failed';

function probe(url: URL | string, mode: RequestMode, timeoutMs: number): Promise<Probe> {
  return fetch(url, { mode, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) }).then(
    async (response): Promise<Probe> => {
      await response.body?.cancel();
      return 'answered';
    },
    // A TypeError is CORS, or the network; a timeout is neither.
    (err: unknown): Probe => (err instanceof TypeError ? 'blocked' : 'failed'),
  );
}

/**
 * True when `url`'s server answers but sends no CORS headers for the extension. In the extension,
 * a fetch to an origin without a host permission is subject to CORS, and a blocked one fails like
 * an unreachable server; an opaque no-cors request tells the two apart. Where fetch applies no
 * CORS (Node, in tests) it is never true.
 */
export async function sendsNoCors(url: URL | string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<boolean> {
  return (await probe(url, 'cors', timeoutMs)) === 'blocked' && (await probe(url, 'no-cors', timeoutMs)) === 'answered';
}

/** The URLs a configuration fetches without a window, one per origin: discovery, and the API. */
function probeUrls(config: Config): Map<string, URL> {
  const urls = new Map<string, URL>();
  for (const authority of [config.authority, config.passwordResetAuthority, config.profileEditAuthority]) {
    if (authority && !urls.has(authority.origin))
      urls.set(authority.origin, new URL(`${authority.href}/.well-known/openid-configuration`));
  }
  if (!urls.has(config.apiUrl.origin)) urls.set(config.apiUrl.origin, config.apiUrl);
  return urls;
}

/**
 * The origins of `config` the extension cannot read without a host permission: it has none for
 * them, and they send no CORS headers for it. B2C answers CORS for Single-page application
 * registrations, so it needs none.
 */
export async function originsNeedingAccess(config: Config): Promise<string[]> {
  const listed = await Promise.all(
    [...probeUrls(config)].map(async ([origin, url]) => {
      const granted = await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false);
      return !granted && (await sendsNoCors(url)) ? [origin] : [];
    }),
  );
  return listed.flat();
}
