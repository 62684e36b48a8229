import { REQUEST_TIMEOUT_MS } from './auth/http';

type Probe = 'answered' | 'blocked' | 'failed';

function probe(url: URL | string, mode: RequestMode, timeoutMs: number): Promise<Probe> {
  return fetch(url, { mode, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) }).then(
    async (response): Promise<Probe> => {
      await response.body?.cancel();
      return 'answered';
    },
    // A TypeError is CORS, or the network; a timeout is neither.
    (err: unknown): Probe => (err instanceof TypeError ? 'blocked' : 'failed'),
  );
}

/**
 * True when `url`'s server answers but sends no CORS headers for the extension. In the extension,
 * a fetch to an origin without a host permission is subject to CORS, and a blocked one fails like
 * an unreachable server; an opaque no-cors request tells the two apart. Where fetch applies no
 * CORS (Node, in tests) it is never true.
 */
export async function sendsNoCors(url: URL | string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<boolean> {
  return (await probe(url, 'cors', timeoutMs)) === 'blocked' && (await probe(url, 'no-cors', timeoutMs)) === 'answered';
}
