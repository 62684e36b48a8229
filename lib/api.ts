import { AppError } from './errors';
import { toAppError } from './error-mapping';
import type { ApiResult } from './messages';
import { REQUEST_TIMEOUT_MS } from './auth/http';

/** Bodies larger than this are cut: the popup shows a summary, not a download. */
const MAX_BODY_CHARS = 64 * 1024;

/**
 * Calls the protected API with `Authorization: Bearer <token>`: the one place the token goes on.
 *
 * @returns the status and body of a 2xx answer.
 * @throws AppError `api_unauthorized` (401), `api_forbidden` (403), `api_failed`, `network`, `timeout`.
 */
export async function callProtectedApi(url: URL, accessToken: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ApiResult> {
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
    throw toAppError(err, 'api');
  }
  const body = await readBody(response);
  if (response.ok) return { status: response.status, body };
  if (response.status === 401) throw new AppError('api_unauthorized');
  if (response.status === 403) throw new AppError('api_forbidden');
  throw new AppError('api_failed', `(HTTP ${response.status})`);
}

async function readBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw toAppError(err, 'api');
  }
  if (text.length > MAX_BODY_CHARS) text = `${text.slice(0, MAX_BODY_CHARS)}…`;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Calls the API with a fresh token. On a 401 (the token was revoked or rotated early) it gets a
 * refreshed token and tries once more; a second 401 is the answer, never a loop.
 */
export async function callApiWithRetry(
  url: URL,
  getAccessToken: (options?: { force?: boolean }) => Promise<string>,
): Promise<ApiResult> {
  try {
    return await callProtectedApi(url, await getAccessToken());
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'api_unauthorized') throw err;
    return callProtectedApi(url, await getAccessToken({ force: true }));
  }
}
