import * as oauth from 'oauth4webapi';
import { isLoopbackHttp } from './url.js';

/** The default of `Limits.requestTimeoutMs`: no network call may keep the popup spinning longer. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The default of `Limits.maxResponseBytes`: plenty for any metadata, key set or token response. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * Every timeout and size limit of the package, in one place. `createSignIn({ limits })` overrides
 * any of them (tests use milliseconds); the defaults suit a real provider. Times in ms, sizes in bytes.
 */
export interface Limits {
  /** How long any request to the provider or the API may take. Default: 15 000 (`REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
  /** The largest provider response read (metadata, keys, tokens); a larger one is refused. Default: 262 144 (256 KB). */
  readonly maxResponseBytes: number;
  /** The largest API body read; a larger one is cut and ends with "…". Default: 65 536 (64 KB). */
  readonly maxApiBodyBytes: number;
  /** How long a silent sign-in (`prompt=none`, no window) may take before the user must sign in. Default: 10 000. */
  readonly silentSignInTimeoutMs: number;
  /**
   * How long the end-session page may take to send the browser back with no window (B2C's does at once) before
   * one opens for the user. Default: 3 000.
   */
  readonly silentSignOutTimeoutMs: number;
  /** How long one redirect-URI probe (a failed sign-in's explanation, Check) may take. Default: 5 000. */
  readonly probeTimeoutMs: number;
  /**
   * How many API calls (`apiFetch`) the content scripts of one tab may make in a minute; more are refused with
   * `rate_limited`. Extension pages have no such limit. Default: 60.
   */
  readonly siteCallsPerMinute: number;
}

// Not limits: the platform's facts and the session's rules stay where they are used (Chrome's 30 s
// alarm floor, auth/schedule.ts; a sign-in's 10 minutes, auth/sign-in.ts; the refresh margin and the
// metadata cache's hour, auth/token-set.ts and auth/metadata.ts).

/** @internal The defaults of every limit. */
export const DEFAULT_LIMITS: Limits = {
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  maxResponseBytes: MAX_RESPONSE_BYTES,
  maxApiBodyBytes: 64 * 1024,
  silentSignInTimeoutMs: 10_000,
  silentSignOutTimeoutMs: 3_000,
  probeTimeoutMs: 5_000,
  siteCallsPerMinute: 60,
};

let current = DEFAULT_LIMITS;

/**
 * @internal The limits in force from now on: the defaults with `limits` over them (createSignIn's
 * `limits`; tests). Module-level, as the extension API and the words: one service per worker.
 */
export function useLimits(limits?: Partial<Limits>): void {
  current = { ...DEFAULT_LIMITS, ...limits };
}

/** @internal The limits in force. */
export function limits(): Limits {
  return current;
}

// Statuses whose Response may not be built with a body.
const NULL_BODY_STATUS = new Set([204, 205, 304]);

/** The options every oauth4webapi request takes. */
export type HttpOptions = Pick<
  oauth.HttpRequestOptions<'GET' | 'POST', URLSearchParams | undefined>,
  'signal' | typeof oauth.allowInsecureRequests | typeof oauth.customFetch
>;

/**
 * Reads a body as a stream up to `max` bytes, then cancels the rest: a huge answer is never read
 * (or held) whole.
 *
 * @returns the bytes read (at most `max`), and whether the body went on past them.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const reader = body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
    const room = max - size;
    chunks.push(part.value.subarray(0, room));
    size += Math.min(part.value.byteLength, room);
    if (part.value.byteLength > room) {
      cut = true;
      await reader?.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, size);
    size += chunk.byteLength;
  }
  return { bytes, cut };
}

/**
 * Reads a response up to `max` bytes and returns an unread copy of it, so a hostile provider
 * cannot make the worker parse and keep megabytes.
 *
 * @throws RangeError when the body is larger than `max` (declared or streamed).
 */
export async function limitResponseSize(response: Response, max = current.maxResponseBytes): Promise<Response> {
  const tooLarge = new RangeError(`The response is larger than ${max} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel();
    throw tooLarge;
  }
  const { bytes, cut } = await readCapped(response.body, max);
  if (cut) throw tooLarge;
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  return new Response(NULL_BODY_STATUS.has(response.status) ? null : (bytes as BodyInit), init);
}

/**
 * Options for every oauth4webapi request to `url`: a timeout (`timeoutMs`, else the limits'), a cap
 * on the response size, and plain http only on loopback.
 */
export function httpOptions(url: URL | string | undefined, timeoutMs?: number): HttpOptions {
  return {
    signal: () => AbortSignal.timeout(timeoutMs ?? current.requestTimeoutMs),
    [oauth.customFetch]: async (input, init) => limitResponseSize(await fetch(input, init)),
    // A development switch that must stand out: only ever true for localhost, 127.0.0.1 and [::1].
    [oauth.allowInsecureRequests]: url !== undefined && isLoopbackHttp(url),
  };
}
