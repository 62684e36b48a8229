import { hash } from 'node:crypto';

/** A verified token's result and the claims that bound how long it may be reused. */
export interface CachedVerification<T> {
  readonly result: T;
  /** Seconds since the epoch: the token's `exp`, or its `iat` plus the maximum age when that is earlier. */
  readonly notAfterSec: number;
  /** The earliest second jose accepts the token (`nbf` or `iat`, less the clock tolerance), for a clock set back. */
  readonly notBeforeSec: number;
}

/** Verified tokens by {@link cacheKey}; see {@link createVerificationCache}. */
export interface VerificationCache<T> {
  /** The result kept under `key` while `nowSec` is within its bounds and the key set is still `keySetVersion`. */
  get(key: string, nowSec: number, keySetVersion: number | undefined): T | undefined;
  /** Keeps `entry` under `key`, verified under `keySetVersion`. */
  set(key: string, entry: CachedVerification<T>, keySetVersion: number): void;
  readonly size: number;
}

/** What a token is kept under: its SHA-256, so the cache never holds the token itself. */
export function cacheKey(token: string): string {
  return hash('sha256', token, 'base64url');
}

/**
 * Creates a bounded cache of verification results, as Envoy's JWT filter keeps one: keyed by a SHA-256 of
 * the token (the token itself is never kept), an entry is never used past the token's `exp` (nor past its
 * maximum age), and the whole cache is emptied when the key set changes. At most `maxEntries` are kept;
 * the oldest entry makes room for a new one. With `maxEntries` 0 it keeps nothing.
 */
export function createVerificationCache<T>(maxEntries: number): VerificationCache<T> {
  const entries = new Map<string, CachedVerification<T>>();
  let version: number | undefined;
  const useVersion = (keySetVersion: number): void => {
    if (keySetVersion === version) return;
    entries.clear();
    version = keySetVersion;
  };
  return {
    get(key, nowSec, keySetVersion) {
      // A key set past its cacheMaxAge is fetched again by the next verification, which decides.
      if (maxEntries === 0 || keySetVersion === undefined) return undefined;
      useVersion(keySetVersion);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowSec >= entry.notAfterSec || nowSec < entry.notBeforeSec) {
        entries.delete(key);
        return undefined;
      }
      return entry.result;
    },
    set(key, entry, keySetVersion) {
      if (maxEntries === 0) return;
      useVersion(keySetVersion);
      entries.delete(key);
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, entry);
    },
    get size() {
      return entries.size;
    },
  };
}
