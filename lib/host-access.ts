import { browser } from 'wxt/browser';
import { REQUEST_TIMEOUT_MS } from './auth/http';
import type { Config } from './config';

/** The URLs a configuration fetches without a window, one per origin: discovery, and the API. */
export function probeUrls(config: Config): Map<string, URL> {
  const urls = new Map<string, URL>();
  for (const authority of [config.authority, config.passwordResetAuthority, config.profileEditAuthority]) {
    if (authority && !urls.has(authority.origin))
      urls.set(authority.origin, new URL(`${authority.href}/.well-known/openid-configuration`));
  }
  if (!urls.has(config.apiUrl.origin)) urls.set(config.apiUrl.origin, config.apiUrl);
  return urls;
}

async function reachable(url: URL, mode: RequestMode): Promise<boolean> {
  try {
    const response = await fetch(url, {
      mode,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * The origins of `config` the extension cannot read without a host permission: it has none for
 * them, and they answer (a no-cors request gets through) but send no CORS headers for the
 * extension (a cors request fails). B2C answers CORS for Single-page application registrations,
 * so it needs none. Where fetch knows no CORS (Node, in tests), none are listed.
 */
export async function originsNeedingAccess(config: Config): Promise<string[]> {
  const needed: string[] = [];
  for (const [origin, url] of probeUrls(config)) {
    if (await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false)) continue;
    if (!(await reachable(url, 'cors')) && (await reachable(url, 'no-cors'))) needed.push(origin);
  }
  return needed;
}
