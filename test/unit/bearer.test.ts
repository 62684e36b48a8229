// Issue 12, item 1: the API's Authorization header parsing runs in linear time.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBearerToken } from '../../server/api/bearer';

describe('readBearerToken', () => {
  it.each([
    ['Bearer abc', { kind: 'token', token: 'abc' }],
    ['bearer abc', { kind: 'token', token: 'abc' }],
    ['Bearer  abc  ', { kind: 'token', token: 'abc' }],
    ['Bearer', { kind: 'malformed' }],
    ['Bearer ', { kind: 'malformed' }],
    ['Bearer a b', { kind: 'malformed' }],
    ['Bearer abc\t', { kind: 'malformed' }],
    ['Bearer\tabc', { kind: 'missing' }],
    ['Bearerx abc', { kind: 'missing' }],
    ['Basic abc', { kind: 'missing' }],
  ] as const)('reads %j as %j', (header, expected) => {
    expect(readBearerToken(header)).toEqual(expected);
  });

  // The old /^bearer +(\S*) *$/i took 211 ms on 16 KB of these; at 1 MB its quadratic backtracking
  // runs for many minutes. A regular expression cannot be interrupted, so the parse runs in a child
  // process that is killed if it has not answered in 20 s (linear parsing answers at once).
  it('answers 1 MB pathological headers without backtracking', async () => {
    const script = `
      import { readBearerToken } from './server/api/bearer.ts';
      const headers = ['Bearer' + ' '.repeat(1e6) + 'a b', 'Bearer' + ' '.repeat(1e6) + '\\t', 'Bearer a' + ' '.repeat(1e6) + 'b'];
      console.log(JSON.stringify(headers.map((header) => readBearerToken(header).kind)));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toEqual(['malformed', 'malformed', 'malformed']);
  }, 30_000);
});
