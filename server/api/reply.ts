import type { ServerResponse } from 'node:http';

/** What a handler decides; only {@link sendReply} touches the socket. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Log-only fields. */
  sub?: string;
  reason?: string;
}

/** Builds a JSON reply. */
export function jsonReply(status: number, body: unknown, extra: Partial<Reply> = {}): Reply {
  return { status, headers: {}, body, ...extra };
}

/**
 * Writes `reply`, adding `extraHeaders` (CORS) and the JSON body, if any. An error answer (4xx, 5xx)
 * closes the connection, so a client sending bad requests cannot hold a keep-alive socket with them.
 */
export function sendReply(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...extraHeaders, ...reply.headers };
  if (reply.status >= 400) headers.Connection = 'close';
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers).end(payload);
}
