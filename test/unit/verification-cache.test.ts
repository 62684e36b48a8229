// Issue 12, item 11: the bounded cache of verification results (the pure part; api-cache.test.ts runs it in the API).
import { describe, expect, it } from 'vitest';
import { cacheKey, createVerificationCache } from '../../server/api/verification-cache.ts';

const NOW = 1_800_000_000;
const entry = (result: string, notAfterSec = NOW + 600, notBeforeSec = NOW - 30) => ({ result, notAfterSec, notBeforeSec });

describe('createVerificationCache', () => {
  it('returns what was kept, under the SHA-256 of the token, never the token itself', () => {
    const cache = createVerificationCache<string>(10);
    const key = cacheKey('header.payload.signature');
    expect(key).toBe('JW0E205eSsMIdR7QiFtyK3WGMFZ8U6cSXtn70Gjlw_Y');
    cache.set(key, entry('alice'), 1);
    expect(cache.get(key, NOW, 1)).toBe('alice');
    expect(cache.get(cacheKey('header.payload.signaturf'), NOW, 1)).toBeUndefined();
  });

  it('never answers at or past notAfterSec, nor before notBeforeSec', () => {
    const cache = createVerificationCache<string>(10);
    cache.set('a', entry('alice', NOW + 10), 1);
    expect(cache.get('a', NOW + 9, 1)).toBe('alice');
    expect(cache.get('a', NOW + 10, 1)).toBeUndefined();
    // Dropped, so a clock set back does not bring it back.
    expect(cache.get('a', NOW, 1)).toBeUndefined();
    cache.set('b', entry('bob', NOW + 600, NOW), 1);
    expect(cache.get('b', NOW - 1, 1)).toBeUndefined();
  });

  it('is emptied when the key set version changes, and answers nothing while there is none', () => {
    const cache = createVerificationCache<string>(10);
    cache.set('a', entry('alice'), 1);
    expect(cache.get('a', NOW, undefined)).toBeUndefined();
    expect(cache.get('a', NOW, 1)).toBe('alice');
    expect(cache.get('a', NOW, 2)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('a', NOW, 1)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = createVerificationCache<number>(3);
    for (let i = 0; i < 100; i += 1) {
      cache.set(`t${i}`, { result: i, notAfterSec: NOW + 600, notBeforeSec: NOW }, 1);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect([97, 98, 99].map((i) => cache.get(`t${i}`, NOW, 1))).toEqual([97, 98, 99]);
    expect(cache.get('t96', NOW, 1)).toBeUndefined();
  });

  it('keeps nothing with maxEntries 0', () => {
    const cache = createVerificationCache<string>(0);
    cache.set('a', entry('alice'), 1);
    expect(cache.get('a', NOW, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
