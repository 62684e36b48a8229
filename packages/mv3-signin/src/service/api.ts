import { SignInError } from '../core/errors.js';
import { toSignInError } from '../core/error-mapping.js';
import { word } from '../core/words.js';
import { limits, readCapped } from '../core/http.js';
import type { ApiSettings } from '../settings/config.js';

/** The result of a call to the protected API, as a page sees it: never the token. */
export interface ApiResult {
  /** The API's name (the settings' `apis`). */
  readonly api: string;
  readonly status: number;
  /** The response body: parsed JSON, or text. */
  readonly body: unknown;
}

/** An API's answer to `fetch(api, path)`, whatever its status: never the token. */
export interface ApiResponse {
  /** The API's name (the settings' `apis`). */
  readonly api: string;
  readonly status: number;
  /**
   * A safe subset of the headers, names in lower case: content-type, content-language, cache-control, etag,
   * last-modified, expires, date, retry-after (those the API sent).
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (UTF-8), at most `Limits.maxApiBodyBytes`. */
  readonly body: string;
  /** True when the body was cut at that limit. */
  readonly truncated: boolean;
}

/** The headers an ApiResponse carries: none that could hold a credential or steer the caller elsewhere. */
export const SAFE_HEADERS = [
  'content-type',
  'content-language',
  'cache-control',
  'etag',
  'last-modified',
  'expires',
  'date',
  'retry-after',
] as const;

/** Gets a token for an API: a fresh one, or (`force`) a refreshed one. */
export type TokenSource = (options: { force?: boolean; api: string }) => Promise<string>;

/**
 * GET `url` with `Authorization: Bearer <token>`: the one place the token goes on. No cookies, no
 * cache, no redirect (the token would follow it), and a timeout.
 *
 * @throws SignInError `network`, `timeout`.
 */
async function sendWithToken(url: URL, accessToken: string, accept: string, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: accept },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw toSignInError(err, 'api');
  }
}

/**
 * The one way to call an API with its token: GET `url` with a fresh token of `api`; on a 401 (the
 * token was revoked or rotated early) once more with a refreshed token. A second 401 is the answer,
 * never a loop.
 */
async function sendToApi(api: ApiSettings, url: URL, getAccessToken: TokenSource, accept: string): Promise<Response> {
  const { requestTimeoutMs } = limits();
  const send = async (force: boolean) =>
    sendWithToken(url, await getAccessToken({ force, api: api.name }), accept, requestTimeoutMs);
  const first = await send(false);
  if (first.status !== 401) return first;
  await first.body?.cancel().catch(() => undefined);
  return send(true);
}

// At most Limits.maxApiBodyBytes of the body, and the rest never read.
async function readText(response: Response): Promise<{ text: string; cut: boolean }> {
  const { bytes, cut } = await readCapped(response.body, limits().maxApiBodyBytes).catch((err: unknown) => {
    throw toSignInError(err, 'api');
  });
  // A cut body may end inside a character: `stream` leaves that part out instead of a U+FFFD.
  return { text: new TextDecoder().decode(bytes, { stream: cut }), cut };
}

// The popup shows a summary, not a download: a cut body is shown as text, its first part and "…".
async function readBody(response: Response): Promise<unknown> {
  const { text, cut } = await readText(response);
  if (cut) return `${text}…`;
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function toApiResult(response: Response): Promise<Omit<ApiResult, 'api'>> {
  const body = await readBody(response);
  if (response.ok) return { status: response.status, body };
  if (response.status === 401) throw new SignInError('api_unauthorized');
  if (response.status === 403) throw new SignInError('api_forbidden');
  throw new SignInError('api_failed', word('detail_http_status', String(response.status)));
}

/**
 * Calls the API (its URL) with its own token; one refresh and retry on a 401.
 *
 * @returns the status and body of a 2xx answer.
 * @throws SignInError `api_unauthorized` (401), `api_forbidden` (403), `api_failed`, `network`, `timeout`.
 */
export async function callApiWithRetry(api: ApiSettings, getAccessToken: TokenSource): Promise<ApiResult> {
  return { api: api.name, ...(await toApiResult(await sendToApi(api, api.url, getAccessToken, 'application/json'))) };
}

/**
 * GET `url` (under the API's URL: service/api-path.ts) with the API's own token; one refresh and
 * retry on a 401. Every status is an answer.
 *
 * @returns the status, the safe headers and the body as text, cut at Limits.maxApiBodyBytes.
 * @throws SignInError `network`, `timeout`, and the token's codes (`not_signed_in`…).
 */
export async function fetchApiWithRetry(api: ApiSettings, url: URL, getAccessToken: TokenSource): Promise<ApiResponse> {
  const response = await sendToApi(api, url, getAccessToken, '*/*');
  const headers: Record<string, string> = {};
  for (const name of SAFE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const { text, cut } = await readText(response);
  return { api: api.name, status: response.status, headers, body: text, truncated: cut };
}
