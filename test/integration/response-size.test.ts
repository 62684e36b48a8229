import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadMetadata } from '../../packages/mv3-signin/src/auth/metadata';
import { parseBuildEnv } from '../../lib/build-settings';

// Issue 5: every provider response is capped, not only the token endpoint's. A loopback
// provider whose discovery document is 1 MB of valid JSON.
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const issuer = `${origin}/${req.url?.split('/')[1]}`;
    // Valid metadata; only its size is wrong for /huge.
    const metadata = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/keys`,
      ...(req.url?.startsWith('/huge') ? { padding: 'x'.repeat(1024 * 1024) } : {}),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  fakeBrowser.reset();
});

describe('response size cap', () => {
  const configFor = (path: string) =>
    parseBuildEnv({ WXT_AUTHORITY: `${origin}/${path}`, WXT_CLIENT_ID: 'client', WXT_API_URL: `${origin}/api` });

  it('accepts the same metadata at its normal size', async () => {
    await expect(loadMetadata(configFor('small'))).resolves.toMatchObject({ issuer: `${origin}/small` });
  });

  it('refuses a 1 MB discovery document as a discovery failure, and caches nothing', async () => {
    await expect(loadMetadata(configFor('huge'))).rejects.toMatchObject({ code: 'discovery_failed' });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
