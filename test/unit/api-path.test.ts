// Issue 21, item 4: the path rule of client.fetch (service/api-path.ts), from the table of hostile paths that the
// integration and e2e tests run too (test/support/hostile-cases.ts).
import { describe, expect, it } from 'vitest';
import { apiPathUrl, MAX_API_PATH_LENGTH, urlUnderApi } from '../../packages/mv3-signin/src/service/api-path';
import { ALLOWED_PATH_CASES, HOSTILE_PATH_API_PATH, HOSTILE_PATH_CASES } from '../support/hostile-cases';

const ORIGIN = 'http://localhost:5391';
const API_URL = new URL(`${ORIGIN}${HOSTILE_PATH_API_PATH}`);
const api = { name: 'Hello API', url: API_URL, scopes: [] };

describe('apiPathUrl: the hostile paths', () => {
  it.each(HOSTILE_PATH_CASES.map((c) => [c.name, c.path] as const))('refuses %s', (_name, path) => {
    expect(apiPathUrl(API_URL, path)).toBeUndefined();
    expect(() => urlUnderApi(api, path)).toThrow(expect.objectContaining({ code: 'api_path_refused' }));
  });

  it('refuses a protocol-relative URL (and its backslash spelling) to the API’s own origin and path too', () => {
    expect(apiPathUrl(API_URL, '//localhost:5391/hello')).toBeUndefined();
    expect(apiPathUrl(API_URL, '/\\localhost:5391/hello')).toBeUndefined();
  });

  it('names every case once', () => {
    const names = [...HOSTILE_PATH_CASES, ...ALLOWED_PATH_CASES].map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('apiPathUrl: what it allows', () => {
  it.each(ALLOWED_PATH_CASES.map((c) => [c.name, c.path] as const))(
    'allows %s, on the API’s origin, under its path',
    (_name, path) => {
      const url = apiPathUrl(API_URL, path);
      expect(url?.origin).toBe(ORIGIN);
      expect(url?.pathname === HOSTILE_PATH_API_PATH || url?.pathname.startsWith(`${HOSTILE_PATH_API_PATH}/`)).toBe(true);
    },
  );

  it('keeps the query as given', () => {
    expect(apiPathUrl(API_URL, '/hello/orders?open=1&next=%2F..')?.href).toBe(`${ORIGIN}/hello/orders?open=1&next=%2F..`);
  });

  it('allows a path of exactly the longest length, and refuses one character more', () => {
    const path = `/hello/${'a'.repeat(MAX_API_PATH_LENGTH - '/hello/'.length)}`;
    expect(path).toHaveLength(MAX_API_PATH_LENGTH);
    expect(apiPathUrl(API_URL, path)).toBeDefined();
    expect(apiPathUrl(API_URL, `${path}a`)).toBeUndefined();
  });

  it('allows every path when the API URL’s path is /, and none of another origin', () => {
    const root = new URL(`${ORIGIN}/`);
    expect(apiPathUrl(root, '/admin')?.href).toBe(`${ORIGIN}/admin`);
    expect(apiPathUrl(root, '/')?.href).toBe(`${ORIGIN}/`);
    expect(apiPathUrl(root, '//evil.example/')).toBeUndefined();
    expect(apiPathUrl(root, '/../admin')).toBeUndefined();
  });

  it('reads an API URL that ends with a slash as its path', () => {
    const slashed = new URL(`${ORIGIN}/api/`);
    expect(apiPathUrl(slashed, '/api')).toBeDefined();
    expect(apiPathUrl(slashed, '/api/orders')).toBeDefined();
    expect(apiPathUrl(slashed, '/apix')).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['/hello'], { toString: () => '/hello' }]) {
      expect(apiPathUrl(API_URL, value)).toBeUndefined();
    }
  });

  it('sees a dot through any depth of encoding (%25…2e), in time', () => {
    // A dot encoded a thousand times over (each round of encoding adds "25"): each round of decoding removes one.
    const deep = `/hello/%${'25'.repeat(1000)}2e%2e`;
    const started = performance.now();
    expect(apiPathUrl(API_URL, deep)).toBeUndefined();
    expect(apiPathUrl(API_URL, deep.replace('2e%2e', '41'))).toBeDefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
