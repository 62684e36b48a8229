// Issue 12, item 11: the bounded cache of verification results (the pure part; api-cache.test.ts runs it in the API).
import { describe, expect, it } from 'vitest';
import { cacheKey, createVerificationCache } from '../../server/api/verification-cache.ts';

const NOW = 1_800_000_000;
const entry = <T>(result: T, notAfterSec = NOW + 600, notBeforeSec = NOW - 30) => ({ result, notAfterSec, notBeforeSec });
/** A compact-JWS-shaped token whose signature (and so its last characters) differs with `n`. */
const token = (n: number) => `header.payload-${n}.signature-${String(n).padStart(16, '0')}`;

/** Sets `result` for `jws` twice, as the verifier does when it verifies a token a second time. */
function keep<T>(cache: ReturnType<typeof createVerificationCache<T>>, jws: string, result: T, version = 1) {
  cache.set(jws, entry(result), version);
  cache.set(jws, entry(result), version);
}

describe('createVerificationCache', () => {
  it('keys entries by the SHA-256 of the token', () => {
    expect(cacheKey('header.payload.signature')).toBe('JW0E205eSsMIdR7QiFtyK3WGMFZ8U6cSXtn70Gjlw_Y');
  });

  it('keeps a token from its second verification on, not its first', () => {
    const cache = createVerificationCache<string>(10);
    cache.set(token(1), entry('alice'), 1);
    expect(cache.get(token(1), NOW, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set(token(1), entry('alice'), 1);
    expect(cache.get(token(1), NOW, 1)).toBe('alice');
    expect(cache.size).toBe(1);
  });

  it('answers only the whole token, not another with the same last characters', () => {
    const cache = createVerificationCache<string>(10);
    keep(cache, token(1), 'alice');
    const forged = token(1).replace('payload-1', 'payload-2');
    expect(forged.slice(-16)).toBe(token(1).slice(-16));
    expect(cache.get(forged, NOW, 1)).toBeUndefined();
    // Noted through the first token's characters, the forged one is kept at its own first verification,
    // under its own hash: the note only lets it in early.
    cache.set(forged, entry('mallory'), 1);
    expect([cache.get(forged, NOW, 1), cache.get(token(1), NOW, 1)]).toEqual(['mallory', 'alice']);
  });

  it('never answers at or past notAfterSec, nor before notBeforeSec', () => {
    const cache = createVerificationCache<string>(10);
    cache.set(token(1), entry('alice', NOW + 10), 1);
    cache.set(token(1), entry('alice', NOW + 10), 1);
    expect(cache.get(token(1), NOW + 9, 1)).toBe('alice');
    expect(cache.get(token(1), NOW + 10, 1)).toBeUndefined();
    // Dropped, so a clock set back does not bring it back.
    expect(cache.get(token(1), NOW, 1)).toBeUndefined();
    cache.set(token(2), entry('bob', NOW + 600, NOW), 1);
    cache.set(token(2), entry('bob', NOW + 600, NOW), 1);
    expect(cache.get(token(2), NOW - 1, 1)).toBeUndefined();
  });

  it('is emptied, notes and all, when the key set version changes, and answers nothing while there is none', () => {
    const cache = createVerificationCache<string>(10);
    keep(cache, token(1), 'alice');
    cache.set(token(2), entry('bob'), 1);
    expect(cache.get(token(1), NOW, undefined)).toBeUndefined();
    expect(cache.get(token(1), NOW, 1)).toBe('alice');
    expect(cache.get(token(1), NOW, 2)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get(token(1), NOW, 1)).toBeUndefined();
    // token(2)'s note went too: under the new version its next verification is a first one again.
    cache.set(token(2), entry('bob'), 2);
    expect(cache.get(token(2), NOW, 2)).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = createVerificationCache<number>(3);
    for (let i = 0; i < 100; i += 1) {
      keep(cache, token(i), i);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect([97, 98, 99].map((i) => cache.get(token(i), NOW, 1))).toEqual([97, 98, 99]);
    expect(cache.get(token(96), NOW, 1)).toBeUndefined();
  });

  it('notes at most maxEntries first verifications: a cycle through more tokens than that keeps none', () => {
    const cache = createVerificationCache<number>(3);
    for (let round = 0; round < 5; round += 1) for (let i = 0; i < 4; i += 1) cache.set(token(i), entry(i), 1);
    expect(cache.size).toBe(0);
    // Three fit: the second round keeps them.
    for (let round = 0; round < 2; round += 1) for (let i = 10; i < 13; i += 1) cache.set(token(i), entry(i), 1);
    expect([10, 11, 12].map((i) => cache.get(token(i), NOW, 1))).toEqual([10, 11, 12]);
  });

  it('keeps nothing with maxEntries 0', () => {
    const cache = createVerificationCache<string>(0);
    keep(cache, token(1), 'alice');
    expect(cache.get(token(1), NOW, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
