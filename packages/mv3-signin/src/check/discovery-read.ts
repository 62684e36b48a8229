import * as oauth from 'oauth4webapi';
import { httpOptions, limits } from '../core/http.js';
import { isSecureOrLoopback, parseUrl } from '../core/url.js';

/** Why a discovery document was not found. */
export type DiscoveryFailure = 'not_found' | 'not_json' | 'not_metadata' | 'too_large' | 'timeout' | 'unreachable';

/** What reading one discovery document gave: the metadata, or why not. */
export type DiscoveryRead =
  | { readonly url: string; readonly found: true; readonly metadata: Record<string, unknown> }
  | { readonly url: string; readonly found: false; readonly failure: DiscoveryFailure; readonly status?: number };

/**
 * The URL `value` names, if the background may fetch it for "Check": http(s), https unless
 * loopback, no credentials. Anything else is a bad request, so no page can use the background
 * as a proxy.
 */
export function checkableUrl(value: unknown): URL | undefined {
  const url = parseUrl(value);
  return url && isSecureOrLoopback(url) && !url.username && !url.password ? url : undefined;
}

function discoveryUrl(authority: URL): string {
  const url = new URL(authority.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
  return url.href;
}

/**
 * Reads the discovery document of `authority` with sign-in's limits (timeout, size cap, http only
 * on loopback). Read here rather than with processDiscoveryResponse, whose strict issuer check
 * would hide the issuer "Check" is meant to show.
 *
 * @returns the metadata, or why there is none; never rejects.
 */
export async function readDiscovery(authority: URL, timeoutMs = limits().requestTimeoutMs): Promise<DiscoveryRead> {
  const url = discoveryUrl(authority);
  let body: string;
  try {
    const response = await oauth.discoveryRequest(authority, httpOptions(authority, timeoutMs));
    if (response.status !== 200) {
      await response.body?.cancel();
      return { url, found: false, failure: 'not_found', status: response.status };
    }
    body = await response.text();
  } catch (err) {
    // limitResponseSize's RangeError, the timeout's TimeoutError, else the network (or CORS).
    if (err instanceof RangeError) return { url, found: false, failure: 'too_large' };
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return { url, found: false, failure: 'timeout' };
    }
    return { url, found: false, failure: 'unreachable' };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { url, found: false, failure: 'not_json' };
  }
  if (typeof json !== 'object' || json === null || typeof (json as { issuer?: unknown }).issuer !== 'string') {
    return { url, found: false, failure: 'not_metadata' };
  }
  return { url, found: true, metadata: json as Record<string, unknown> };
}
