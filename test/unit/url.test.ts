// Issue 12, item 1: no regular expression that sees outside input backtracks super-linearly; the
// configuration's trailing slashes were trimmed with /\/+$/, quadratic over a run of slashes.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hostPermissionFor, trimTrailingSlashes } from '../../packages/mv3-signin/src/core/url';

describe('trimTrailingSlashes', () => {
  it.each([
    ['/tenant/B2C_1_susi/v2.0/', '/tenant/B2C_1_susi/v2.0'],
    ['/a///', '/a'],
    ['/a//b', '/a//b'],
    ['///', ''],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(trimTrailingSlashes(text)).toBe(expected);
  });

  // As bearer.test.ts: a regular expression cannot be interrupted, so the run is in a child process
  // killed after 20 s. /\/+$/ needs many minutes for this; the loop answers at once.
  it('trims a path with 1,000,000 slashes before its last segment without backtracking', async () => {
    const script = `
      import { trimTrailingSlashes } from './packages/mv3-signin/src/core/url.ts';
      const texts = ['/a' + '/'.repeat(1e6) + 'b', '/a' + '/'.repeat(1e6)];
      console.log(JSON.stringify(texts.map((text) => trimTrailingSlashes(text).length)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual([1e6 + 3, 2]);
  }, 30_000);
});

describe('hostPermissionFor', () => {
  it.each([
    ['http://127.0.0.1:35043', 'http://127.0.0.1/*'],
    ['http://localhost:5281', 'http://localhost/*'],
    ['https://api.contoso.com', 'https://api.contoso.com/*'],
    ['https://api.contoso.com:8443', 'https://api.contoso.com/*'],
    ['http://[::1]:8080', 'http://[::1]/*'],
  ])('asks for %s as %s (no port: what the manifest’s optional patterns name)', (origin, pattern) => {
    expect(hostPermissionFor(origin)).toBe(pattern);
  });
});
