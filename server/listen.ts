/**
 * Listening and closing, shared by the local provider (server/idp) and the reference API (server/api):
 * both bind 127.0.0.1 only, take 0 for a free port, and drop every open connection when they close.
 * The ports a terminal passes in come from server/startup.ts (portFromEnv).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * `value` when it is a port to listen on (0 picks a free one).
 *
 * @throws TypeError naming `field` otherwise.
 */
export function assertPort(value: number, field = 'port'): number {
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new TypeError(`"${field}" must be an integer from 0 to 65535`);
  return value;
}

/**
 * Starts `server` listening on 127.0.0.1 (loopback only).
 *
 * @returns the port it listens on, the one the system picked when `port` is 0.
 * @throws the listen error (EADDRINUSE, EACCES) as Node raises it; server/startup.ts words it for a terminal.
 */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops `server` listening and ends every connection, idle keep-alive and held-open requests included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
