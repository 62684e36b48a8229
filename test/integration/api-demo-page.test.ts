// Issue 21, item 5: the reference API's demo page (`GET /`), where the extension's content script shows the caller's
// data. Plain HTML under a strict CSP, no script, the API's name from its options, nothing of the request in it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_API_ROLES, readApiConfig } from '../../server/api/config.ts';
import { startApi, type Api, type ApiOptions } from '../../server/api/index.ts';
import { API_APP_ID, API_NAME, SECOND_API_NAME } from '../../server/local.ts';
import { ISSUER } from './api-support.ts';

// Never fetched: the page needs no key.
const NO_KEYS = 'http://localhost:9/keys';
const lines: string[] = [];
let api: Api;

function startPageApi(overrides: Partial<ApiOptions> = {}): Promise<Api> {
  return startApi({ port: 0, issuer: ISSUER, audience: API_APP_ID, jwksUri: NO_KEYS, log: () => undefined, ...overrides });
}

beforeAll(async () => {
  api = await startPageApi({ log: (line) => lines.push(line) });
});
afterAll(async () => {
  await api?.close();
});

/** The `data-signin-*` attributes of the page's elements, as written (still escaped). */
function signinElements(html: string): string[] {
  return [...html.matchAll(/<(\w+)\s+(data-signin-[^>]*)>/g)].map(([, tag, attributes]) => `${tag} ${attributes}`);
}

describe('GET / (the demo page)', () => {
  it('is an HTML page asking for the API named "API" (the one-API shorthand) and its /hello', async () => {
    const res = await fetch(api.pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(signinElements(html)).toEqual(['output data-signin-api="API" data-signin-path="/hello"']);
    expect(api.pageUrl).toBe(`${api.origin}/`);
  });

  it('has no script, and a CSP that lets nothing run or load but its one style (by hash)', async () => {
    const res = await fetch(api.pageUrl);
    const html = await res.text();
    expect(html).not.toMatch(/<script|\son\w+=|javascript:/i);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ').sort()).toEqual([
      "base-uri 'none'",
      "default-src 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      expect.stringMatching(/^style-src 'sha256-[\w+/]+={0,2}'$/),
    ]);
    // The hash is the page's own style's, so the browser applies it (and nothing else).
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).not.toBe('');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('holds nothing of the request: the same bytes whatever the query, headers or credentials', async () => {
    const plain = await (await fetch(api.pageUrl)).text();
    const marker = 'zq-marker-7f3e';
    const res = await fetch(`${api.origin}/?name=${marker}&<script>${marker}</script>`, {
      headers: {
        authorization: `Bearer ${marker}`,
        cookie: `session=${marker}`,
        referer: `http://localhost/${marker}`,
        'user-agent': marker,
        'accept-language': marker,
        'x-forwarded-host': `${marker}.example`,
        origin: `http://${marker}.example`,
      },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toBe(plain);
    expect(html).not.toContain(marker);
    for (const [, value] of res.headers) expect(value).not.toContain(marker);
  });

  it('answers 405 to any other method, and 404 elsewhere as before', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await fetch(api.pageUrl, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET');
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect((await fetch(`${api.origin}/index.html`)).status).toBe(404);
    expect((await fetch(`${api.origin}//`)).status).toBe(404);
  });

  it('logs one line per request: the path, never the query', async () => {
    const before = lines.length;
    await fetch(`${api.origin}/?secret=zq-query-7f3e`);
    expect(lines).toHaveLength(before + 1);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ method: 'GET', path: '/', status: 200 });
    expect(lines.at(-1)).not.toContain('zq-query');
  });
});

describe('the API name on the page', () => {
  const pageOf = async (overrides: Partial<ApiOptions>) => {
    const named = await startPageApi(overrides);
    try {
      return signinElements(await (await fetch(named.pageUrl)).text());
    } finally {
      await named.close();
    }
  };

  it('is the local roles’ names as `npm run api` and `npm run api:second` read them, and API_NAME’s', async () => {
    const env = { API_JWKS_URI: NO_KEYS };
    expect(await pageOf({ ...readApiConfig(env, LOCAL_API_ROLES.first), port: 0 })).toEqual([
      `output data-signin-api="${API_NAME}" data-signin-path="/hello"`,
    ]);
    expect(await pageOf({ ...readApiConfig(env, LOCAL_API_ROLES.second), port: 0 })).toEqual([
      `output data-signin-api="${SECOND_API_NAME}" data-signin-path="/hello"`,
    ]);
    expect(readApiConfig({ ...env, API_NAME: ' Billing ' }, LOCAL_API_ROLES.second).name).toBe('Billing');
  });

  it('is escaped as text and as an attribute value', async () => {
    const [element] = await pageOf({ name: `"><script>x</script>&'` });
    expect(element).toBe('output data-signin-api="&quot;&gt;&lt;script&gt;x&lt;/script&gt;&amp;&#39;" data-signin-path="/hello"');
  });

  it('must be one the extension could hold: 1 to 40 characters, no control characters, no spaces around', async () => {
    for (const name of ['', ' API', 'API ', 'two\nlines', 'tab\there', 'x'.repeat(41)]) {
      await expect(startPageApi({ name }), JSON.stringify(name)).rejects.toThrow(/"name" must be 1 to 40 characters/);
    }
    expect(await pageOf({ name: 'ä'.repeat(40) })).toHaveLength(1);
  });
});
