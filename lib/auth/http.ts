import * as oauth from 'oauth4webapi';
import { isLoopbackHttp } from '../url';

/** No network call may keep the popup spinning longer than this. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The options every oauth4webapi request takes: a signal and the loopback switch. */
export type HttpOptions = Pick<oauth.HttpRequestOptions<'GET'>, 'signal' | typeof oauth.allowInsecureRequests>;

/**
 * Options for every oauth4webapi request to `url`: a timeout, and plain http only on loopback.
 */
export function httpOptions(url: URL | string | undefined): HttpOptions {
  return {
    signal: () => AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    // A development switch that must stand out: only ever true for localhost, 127.0.0.1 and [::1].
    [oauth.allowInsecureRequests]: url !== undefined && isLoopbackHttp(url),
  };
}
