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

/**
 * Calls the protected API with `Authorization: Bearer <token>`: the one place the token goes on.
 *
 * @returns the status and body of a 2xx answer.
 * @throws SignInError `api_unauthorized` (401), `api_forbidden` (403), `api_failed`, `network`, `timeout`.
 */
export async function callProtectedApi(
  url: URL,
  accessToken: string,
  timeoutMs = limits().requestTimeoutMs,
): Promise<Omit<ApiResult, 'api'>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw toSignInError(err, 'api');
  }
  const body = await readBody(response);
  if (response.ok) return { status: response.status, body };
  if (response.status === 401) throw new SignInError('api_unauthorized');
  if (response.status === 403) throw new SignInError('api_forbidden');
  throw new SignInError('api_failed', word('detail_http_status', String(response.status)));
}

// At most Limits.maxApiBodyBytes of the body, and the rest never read: the popup shows a summary,
// not a download. A cut body is shown as text, its first part and "…".
async function readBody(response: Response): Promise<unknown> {
  const { bytes, cut } = await readCapped(response.body, limits().maxApiBodyBytes).catch((err: unknown) => {
    throw toSignInError(err, 'api');
  });
  const text = new TextDecoder().decode(bytes);
  if (cut) return `${text}…`;
  if (!/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Calls the API with a fresh token. On a 401 (the token was revoked or rotated early) it gets a
 * refreshed token and tries once more; a second 401 is the answer, never a loop.
 */
export async function callApiWithRetry(
  api: ApiSettings,
  getAccessToken: (options: { force?: boolean; api: string }) => Promise<string>,
): Promise<ApiResult> {
  const call = async (force: boolean) => ({
    api: api.name,
    ...(await callProtectedApi(api.url, await getAccessToken({ force, api: api.name }))),
  });
  try {
    return await call(false);
  } catch (err) {
    if (!(err instanceof SignInError) || err.code !== 'api_unauthorized') throw err;
    return call(true);
  }
}
