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
