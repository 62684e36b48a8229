import type { Duplex } from 'node:stream';
import { formatLogLine } from './log.ts';

const ANSWERS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};
const BAD_REQUEST: [number, string] = [400, 'Bad Request'];

/**
 * Creates the server's 'clientError' listener: requests Node's parser refused (headers over
 * `limits.maxHeaderBytes`, broken HTTP) or that took longer than `limits.headersTimeoutMs` or
 * `limits.requestTimeoutMs` get a bare 4xx, the socket closed, and one log line, never a 5xx.
 * Method and path are unknown at this point, so the log line has them as null.
 */
export function createClientErrorHandler(log: (line: string) => void) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, text] = ANSWERS[err.code ?? ''] ?? BAD_REQUEST;
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    log(formatLogLine({ method: null, path: null, status, durationMs: 0, reason: `http_${status}` }));
  };
}

/**
 * Creates the server's 'connect' listener: a CONNECT request (proxy tunnelling, which the API does not
 * offer) gets 405 and the socket closed, where Node alone would drop the connection without an answer.
 */
export function createConnectHandler(log: (line: string) => void) {
  return (_req: unknown, socket: Duplex): void => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, OPTIONS\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    log(formatLogLine({ method: 'CONNECT', path: null, status: 405, durationMs: 0, reason: 'method_not_allowed' }));
  };
}
