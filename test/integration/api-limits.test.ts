// Issue 12, item 2: the API's timeouts and connection cap. Node's defaults held 300 sockets dripping headers
// for about 79 s each; with the API's limits (short ones here) such sockets are dropped within the headers
// timeout while a normal request is still served. Loopback only; every socket here is closed by a deadline.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../../server/api/index.ts';
import { connectionsCheckingIntervalMs, DEFAULT_LIMITS } from '../../server/api/limits.ts';
import { callApi, createTestKey, mint, sleep, startTestApi, startTestJwks, type TestJwks, type TestKey } from './api-support.ts';

const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1200, keepAliveTimeoutMs: 400, maxConnections: 60 };
// When a held socket must be gone: the timeout, Node's next check of it, and a margin for a busy machine.
const DROPPED_WITHIN_MS = LIMITS.headersTimeoutMs + connectionsCheckingIntervalMs({ ...DEFAULT_LIMITS, ...LIMITS }) + 500;
// No socket of this file outlives this, whatever the server does.
const HARD_STOP_MS = 5_000;

let key: TestKey;
let jwks: TestJwks;
let api: Api;

beforeAll(async () => {
  key = await createTestKey();
  jwks = await startTestJwks([key.publicJwk]);
  api = await startTestApi(jwks, { limits: LIMITS });
});

afterAll(async () => {
  await api?.close();
  await jwks?.close();
});

interface HeldSocket {
  socket: Socket;
  /** Resolves when the server closed it: how long it stayed open and what the server wrote. */
  closed: Promise<{ openMs: number; answer: string; byServer: boolean }>;
}

/** A raw connection to the API that writes `first`, then `drip` every `everyMs`, until either side closes it. */
function hold(first: string, drip = '', everyMs = 100): HeldSocket {
  const socket = connect(api.port, '127.0.0.1');
  const started = Date.now();
  let answer = '';
  let byServer = true;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (answer += chunk));
  socket.on('error', () => undefined);
  socket.once('connect', () => socket.write(first));
  const timer = drip ? setInterval(() => socket.writable && socket.write(drip), everyMs) : undefined;
  const stop = setTimeout(() => {
    byServer = false;
    socket.destroy();
  }, HARD_STOP_MS);
  const closed = new Promise<{ openMs: number; answer: string; byServer: boolean }>((resolve) => {
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(stop);
      resolve({ openMs: Date.now() - started, answer, byServer });
    });
  });
  return { socket, closed };
}

describe('server limits (issue 12, item 2)', () => {
  it('drops sockets that drip headers within the headers timeout and serves a normal request meanwhile', async () => {
    const token = await mint(key);
    const held = Array.from({ length: 40 }, (_, i) => hold(`GET /hello HTTP/1.1\r\nHost: localhost\r\n`, `X-Slow-${i}: a\r\n`));
    await sleep(150);
    const started = Date.now();
    const res = await callApi(api, token);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(LIMITS.headersTimeoutMs);
    const results = await Promise.all(held.map((socket) => socket.closed));
    for (const result of results) {
      expect(result.byServer).toBe(true);
      expect(result.openMs).toBeLessThan(DROPPED_WITHIN_MS);
      expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
    }
    // And the API still serves once they are gone.
    expect((await callApi(api, token)).status).toBe(200);
  });

  it('drops a connection that sends nothing, and one that never finishes its request', async () => {
    const silent = hold('');
    const slowBody = hold(`POST /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n`, 'a', 100);
    for (const { closed } of [silent, slowBody]) {
      const result = await closed;
      expect(result.byServer).toBe(true);
      expect(result.openMs).toBeLessThan(LIMITS.requestTimeoutMs + 1000);
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const token = await mint(key);
    const idle = hold(`GET /hello HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    const result = await idle.closed;
    expect(result.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(result.byServer).toBe(true);
    // Node waits a second beyond keepAliveTimeout (its buffer for clients about to reuse the socket).
    expect(result.openMs).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1000 + 500);
  });

  it('closes the connection after an error answer', async () => {
    const started = Date.now();
    const bad = hold(`GET /hello HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer not-a-token\r\n\r\n`);
    const result = await bad.closed;
    expect(result.answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(result.answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(result.byServer).toBe(true);
    // At once, not after the keep-alive timeout.
    expect(Date.now() - started).toBeLessThan(LIMITS.keepAliveTimeoutMs);
  });

  it('drops connections beyond maxConnections as they arrive, and serves again once they are gone', async () => {
    const capped = await startTestApi(jwks, { limits: { ...LIMITS, maxConnections: 5 } });
    const sockets: Socket[] = [];
    try {
      const opened = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const socket = connect(capped.port, '127.0.0.1');
          sockets.push(socket);
          socket.on('error', () => undefined);
          await new Promise((resolve) => socket.once('connect', resolve));
          return socket;
        }),
      );
      await sleep(50);
      const extra = connect(capped.port, '127.0.0.1');
      sockets.push(extra);
      extra.on('error', () => undefined);
      const started = Date.now();
      await new Promise((resolve) => extra.once('close', resolve));
      expect(Date.now() - started).toBeLessThan(LIMITS.headersTimeoutMs);
      for (const socket of opened) socket.destroy();
      await sleep(50);
      expect((await callApi(capped, await mint(key))).status).toBe(200);
    } finally {
      for (const socket of sockets) socket.destroy();
      await capped.close();
    }
  });

  it('refuses limits that make no sense', async () => {
    await expect(startTestApi(jwks, { limits: { headersTimeoutMs: 2000, requestTimeoutMs: 1000 } })).rejects.toThrow(
      '"limits.requestTimeoutMs" must be at least "limits.headersTimeoutMs"',
    );
    await expect(startTestApi(jwks, { limits: { maxConnections: 0 } })).rejects.toThrow(/"limits.maxConnections"/);
  });
});
