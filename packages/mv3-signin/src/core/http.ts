import * as oauth from 'oauth4webapi';
import { isLoopbackHttp } from './url.js';

/** No network call may keep the popup spinning longer than this. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The largest provider response read (metadata, JWKS, tokens): plenty for any of them. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

// Statuses whose Response may not be built with a body.
const NULL_BODY_STATUS = new Set([204, 205, 304]);

/** The options every oauth4webapi request takes. */
export type HttpOptions = Pick<
  oauth.HttpRequestOptions<'GET' | 'POST', URLSearchParams | undefined>,
  'signal' | typeof oauth.allowInsecureRequests | typeof oauth.customFetch
>;

/**
 * Reads a response up to `max` bytes and returns an unread copy of it, so a hostile provider
 * cannot make the worker parse and keep megabytes.
 *
 * @throws RangeError when the body is larger than `max` (declared or streamed).
 */
export async function limitResponseSize(response: Response, max = MAX_RESPONSE_BYTES): Promise<Response> {
  const tooLarge = new RangeError(`The response is larger than ${max} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel();
    throw tooLarge;
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    size += part.value.byteLength;
    if (size > max) {
      await reader?.cancel();
      throw tooLarge;
    }
    chunks.push(part.value);
  }
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  return new Response(NULL_BODY_STATUS.has(response.status) ? null : new Blob(chunks as BlobPart[]), init);
}

/**
 * Options for every oauth4webapi request to `url`: a timeout, a cap on the response size, and
 * plain http only on loopback.
 */
export function httpOptions(url: URL | string | undefined): HttpOptions {
  return {
    signal: () => AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    [oauth.customFetch]: async (input, init) => limitResponseSize(await fetch(input, init)),
    // A development switch that must stand out: only ever true for localhost, 127.0.0.1 and [::1].
    [oauth.allowInsecureRequests]: url !== undefined && isLoopbackHttp(url),
  };
}
