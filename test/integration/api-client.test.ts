import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, useLimits } from '../../packages/mv3-signin/src/core/http';
import { callApiWithRetry } from '../../packages/mv3-signin/src/service/api';

// lib/api against a real loopback server whose answer each path chooses.
const seen: IncomingMessage[] = [];
/** How many bytes of the 50 MB body the server got to send before the client stopped reading. */
let hugeSent = 0;
const HUGE = 50 * 1024 * 1024;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    switch (req.url) {
      case '/ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
        return;
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('<b>plain</b>');
        return;
      case '/401':
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
        return;
      case '/403':
        res.writeHead(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' }).end();
        return;
      case '/redirect':
        // To a path of its own (it would answer): the token must not follow a redirect anywhere.
        res.writeHead(302, { location: '/ok' }).end();
        return;
      case '/500':
        res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>boom</h1>');
        return;
      case '/huge': {
        // 50 MB of JSON-looking text, written as fast as the client reads it.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE) });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        hugeSent = 0;
        const pump = () => {
          while (hugeSent < HUGE && !res.destroyed) {
            hugeSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      default:
        // /hang: never answers.
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The API at `url` called as the service calls one (callApiWithRetry), each attempt with `token`. */
const callApi = (url: string, token: string) =>
  callApiWithRetry({ name: 'API', url: new URL(url), scopes: [] }, async () => token);

describe('callApiWithRetry', () => {
  it('sends the token in the Authorization header only, and returns parsed JSON', async () => {
    seen.length = 0;
    await expect(callApi(`${base}/ok`, 'TOKEN-123')).resolves.toEqual({
      api: 'API',
      status: 200,
      body: { hello: 'world' },
    });
    expect(seen[0]?.headers.authorization).toBe('Bearer TOKEN-123');
    expect(seen[0]?.url).toBe('/ok');
    expect(seen[0]?.headers.cookie).toBeUndefined();
  });

  it('returns non-JSON bodies as text', async () => {
    await expect(callApi(`${base}/text`, 't')).resolves.toEqual({ api: 'API', status: 200, body: '<b>plain</b>' });
  });

  it.each([
    ['/401', 'api_unauthorized'],
    ['/403', 'api_forbidden'],
    ['/500', 'api_failed'],
  ])('maps %s to %s', async (path, code) => {
    await expect(callApi(`${base}${path}`, 't')).rejects.toMatchObject({ code });
  });

  // Issue 12, item 7: the body is read as a stream and the read stops at the cap.
  it('reads a 50 MB answer only up to its cap, then stops', async () => {
    const result = await callApi(`${base}/huge`, 't');
    expect(typeof result.body).toBe('string');
    expect((result.body as string).length).toBe(DEFAULT_LIMITS.maxApiBodyBytes + 1);
    expect(result.body as string).toMatch(/^a+…$/);
    // The client cancelled: the server sent a small part of it (what the socket buffers held).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hugeSent).toBeLessThan(HUGE / 5);
  });

  it('follows no redirect: the token goes to the URL asked for only', async () => {
    seen.length = 0;
    await expect(callApi(`${base}/redirect`, 't')).rejects.toMatchObject({ code: 'network' });
    expect(seen.map((req) => req.url)).toEqual(['/redirect']);
  });

  it('times out instead of waiting forever', async () => {
    useLimits({ requestTimeoutMs: 300 });
    try {
      await expect(callApi(`${base}/hang`, 't')).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      useLimits();
    }
  });

  it('reports an unreachable API as a network error', async () => {
    await expect(callApi('http://localhost:1/hello', 't')).rejects.toMatchObject({ code: 'network' });
  });
});
