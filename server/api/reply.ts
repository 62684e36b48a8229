import type { ServerResponse } from 'node:http';

/** What a handler decides; only {@link sendReply} touches the socket. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** An HTML document (the demo page), sent as is in place of a JSON body. */
  page?: string;
  /** Log-only fields. */
  sub?: string;
  reason?: string;
}

/** Builds a JSON reply. */
export function jsonReply(status: number, body: unknown, extra: Partial<Reply> = {}): Reply {
  return { status, headers: {}, body, ...extra };
}

/** Builds a 200 reply carrying the HTML document `page`, with `headers` (its CSP). */
export function pageReply(page: string, headers: Readonly<Record<string, string>>): Reply {
  return { status: 200, headers: { ...headers }, page };
}

/**
 * Writes `reply`, adding `extraHeaders` (CORS) and the HTML page or JSON body, if any. An error answer (4xx, 5xx)
 * closes the connection, so a client sending bad requests cannot hold a keep-alive socket with them.
 */
export function sendReply(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...extraHeaders, ...reply.headers };
  if (reply.status >= 400) headers.Connection = 'close';
  if (reply.body === undefined && reply.page === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = reply.page ?? JSON.stringify(reply.body);
  headers['Content-Type'] = reply.page === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers).end(payload);
}
