import type { Duplex } from 'node:stream';
import { formatLogLine } from './log.ts';

/** Node's default, stated explicitly so the 431 below is a decision rather than an accident. */
export const MAX_HEADER_BYTES = 16 * 1024;

const ANSWERS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};
const BAD_REQUEST: [number, string] = [400, 'Bad Request'];

/**
 * Creates the server's 'clientError' listener: requests Node's parser refused (headers over
 * {@link MAX_HEADER_BYTES}, broken HTTP) get a bare 4xx and one log line, never a 5xx.
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
