// Who may talk to the local provider (server/idp): CORS for the extension's origin, and the Host check.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HOST_REFUSED } from '../../server/idp/host-check.ts';
import { CLIENT_ID, EXTENSION_ORIGIN, REDIRECT_URI } from '../../server/local.ts';
import { as, signIn, useIdpClient } from '../support/idp-client';

const idp = useIdpClient();

describe('CORS', () => {
  const preflight = (url: string, origin: string, method: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
    });

  it('allows the extension origin on token, discovery and keys', async () => {
    const token = await preflight(as.token_endpoint!, EXTENSION_ORIGIN, 'POST');
    expect(token.status).toBe(204);
    expect(token.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(token.headers.get('access-control-allow-methods')).toContain('POST');
    expect(token.headers.get('access-control-allow-headers')).toContain('content-type');
    for (const url of [as.jwks_uri!, `${idp.authority}/.well-known/openid-configuration`]) {
      const response = await fetch(url, { headers: { origin: EXTENSION_ORIGIN } });
      expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    }
    const { flow, params } = await signIn();
    const exchanged = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { origin: EXTENSION_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        code: params.get('code')!,
        redirect_uri: REDIRECT_URI,
        code_verifier: flow.verifier,
      }),
    });
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
  });

  it('gives another origin no CORS headers', async () => {
    const other = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const token = await preflight(as.token_endpoint!, other, 'POST');
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
    for (const url of [as.jwks_uri!, `${idp.authority}/.well-known/openid-configuration`]) {
      const response = await fetch(url, { headers: { origin: 'https://evil.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

// Issue 18: a DNS-rebinding page reaches nothing.
describe('Host check (issue 18)', () => {
  /** GET `path` at the provider with this Host header (fetch would not let us set it). */
  function getWithHost(path: string, host: string): Promise<{ status: number; type: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: idp.port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject).end();
    });
  }
  const discoveryPath = () => new URL(`${idp.authority}/.well-known/openid-configuration`).pathname;

  it('answers 400 in plain text to a Host that is not loopback with the provider’s port', async () => {
    for (const host of [
      `evil.example:${idp.port}`,
      'evil.example',
      'localhost',
      `localhost:${idp.port + 1}`,
      `0.0.0.0:${idp.port}`,
    ]) {
      for (const path of [discoveryPath(), new URL(as.authorization_endpoint!).pathname, '/']) {
        const res = await getWithHost(path, host);
        expect(res, host).toMatchObject({ status: 400, body: HOST_REFUSED });
        expect(res.type).toMatch(/^text\/plain/);
      }
    }
    expect(idp.controls.stats().discoveryRequests).toBe(0);
  });

  it('serves localhost, 127.0.0.1 and [::1] with its port as before', async () => {
    for (const host of [`localhost:${idp.port}`, `LOCALHOST:${idp.port}`, `127.0.0.1:${idp.port}`, `[::1]:${idp.port}`]) {
      const res = await getWithHost(discoveryPath(), host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ issuer: idp.issuer });
    }
  });
});
