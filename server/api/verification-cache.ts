import { hash } from 'node:crypto';

/** A verified token's result and the claims that bound how long it may be reused. */
export interface CachedVerification<T> {
  readonly result: T;
  /** Seconds since the epoch: the token's `exp`, or its `iat` plus the maximum age when that is earlier. */
  readonly notAfterSec: number;
  /** The earliest second jose accepts the token (`nbf` or `iat`, less the clock tolerance), for a clock set back. */
  readonly notBeforeSec: number;
}

/** Verified tokens by their SHA-256; see {@link createVerificationCache}. */
export interface VerificationCache<T> {
  /** The result kept for `token` while `nowSec` is within its bounds and the key set is still `keySetVersion`. */
  get(token: string, nowSec: number, keySetVersion: number | undefined): T | undefined;
  /** Keeps `entry` for `token`, just verified under `keySetVersion`, if the token was verified before. */
  set(token: string, entry: CachedVerification<T>, keySetVersion: number): void;
  readonly size: number;
}

/** What a token is kept under: its SHA-256, so the cache never holds the token itself. */
export function cacheKey(token: string): string {
  return hash('sha256', token, 'base64url');
}

// What the doorkeeper remembers of a token: its last characters, which for a compact JWS are the
// signature's (random to anyone without the provider's key). Fewer than 13, so V8 copies them rather
// than keeping a slice that would hold on to the whole token.
const TAIL_LENGTH = 12;

/**
 * Creates a bounded cache of verification results, as Envoy's JWT filter keeps one: keyed by a SHA-256 of
 * the token (the token itself is never kept), an entry is never used past the token's `exp` (nor past its
 * maximum age), and the whole cache is emptied when the key set changes. At most `maxEntries` are kept;
 * the oldest entry makes room for a new one. With `maxEntries` 0 it keeps nothing.
 *
 * A doorkeeper (as in TinyLFU) keeps a token out until its second verification: the first only notes the
 * signature's last characters, among at most `maxEntries` such notes. A token presented once, the
 * common case when every client holds its own, then costs neither a hash nor an entry. The notes only
 * decide what is kept: a hit needs the whole token's SHA-256.
 */
export function createVerificationCache<T>(maxEntries: number): VerificationCache<T> {
  const entries = new Map<string, CachedVerification<T>>();
  const verifiedOnce = new Set<string>();
  let version: number | undefined;
  const useVersion = (keySetVersion: number): void => {
    if (keySetVersion === version) return;
    entries.clear();
    verifiedOnce.clear();
    version = keySetVersion;
  };
  const tail = (token: string): string => token.slice(-TAIL_LENGTH);
  return {
    get(token, nowSec, keySetVersion) {
      // A key set past its cacheMaxAge is fetched again by the next verification, which decides.
      if (maxEntries === 0 || keySetVersion === undefined) return undefined;
      useVersion(keySetVersion);
      if (!verifiedOnce.has(tail(token))) return undefined;
      const key = cacheKey(token);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (nowSec >= entry.notAfterSec || nowSec < entry.notBeforeSec) {
        entries.delete(key);
        return undefined;
      }
      return entry.result;
    },
    set(token, entry, keySetVersion) {
      if (maxEntries === 0) return;
      useVersion(keySetVersion);
      const note = tail(token);
      if (!verifiedOnce.has(note)) {
        if (verifiedOnce.size >= maxEntries) verifiedOnce.delete(verifiedOnce.values().next().value!);
        verifiedOnce.add(note);
        return;
      }
      const key = cacheKey(token);
      entries.delete(key);
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, entry);
    },
    get size() {
      return entries.size;
    },
  };
}
