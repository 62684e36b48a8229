import { SignInError } from '../core/errors.js';
import { toSignInError } from '../core/error-mapping.js';
import { word } from '../core/words.js';
import { limits } from '../core/http.js';

/** The result of a call to the protected API, as a page sees it: never the token. */
export interface ApiResult {
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
export async function callProtectedApi(url: URL, accessToken: string, timeoutMs = limits().requestTimeoutMs): Promise<ApiResult> {
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

/**
 * Reads at most `Limits.maxApiBodyBytes` of the body as a stream, then cancels it: the popup shows
 * a summary, not a download, and a huge answer is never read (or held) whole.
 */
async function readCapped(response: Response): Promise<{ text: string; cut: boolean }> {
  const max = limits().maxApiBodyBytes;
  const reader = response.body?.getReader();
  if (!reader) return { text: '', cut: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    const room = max - size;
    chunks.push(part.value.subarray(0, room));
    size += Math.min(part.value.byteLength, room);
    if (part.value.byteLength > room) {
      await reader.cancel();
      return { text: new TextDecoder().decode(concat(chunks, size)), cut: true };
    }
  }
  return { text: new TextDecoder().decode(concat(chunks, size)), cut: false };
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

async function readBody(response: Response): Promise<unknown> {
  let read: { text: string; cut: boolean };
  try {
    read = await readCapped(response);
  } catch (err) {
    throw toSignInError(err, 'api');
  }
  if (read.cut) return `${read.text}…`;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(read.text) as unknown;
    } catch {
      return read.text;
    }
  }
  return read.text;
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
    if (!(err instanceof SignInError) || err.code !== 'api_unauthorized') throw err;
    return callProtectedApi(url, await getAccessToken({ force: true }));
  }
}
