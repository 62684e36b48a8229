import { errors, jwtVerify, type JWTPayload } from 'jose';
import { isCanonicalCompactJws } from './canonical-jws.ts';
import type { KeySource } from './key-source.ts';
import { createVerificationCache, type CachedVerification } from './verification-cache.ts';

/** Who called, as read from a verified access token. */
export interface Caller {
  readonly subject: string;
  /** The `name` claim; null when the provider sent none. */
  readonly name: string | null;
  /**
   * The scopes of `scp` (B2C's delegated permissions) and then those of `scope` (RFC 9068's claim), each split
   * on spaces, without repeats: a token may carry either claim, or both.
   */
  readonly scopes: readonly string[];
}

/** What {@link createTokenVerifier} pins; `keys` is the provider's key source from `createKeySource`. */
export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSec: number;
  /** The oldest token accepted, and the longest lifetime (exp - iat), in seconds. */
  maxTokenAgeSec: number;
  keys: KeySource;
  /** Verified tokens kept (see verification-cache.ts); 0 verifies every request in full. */
  cacheEntries: number;
}

/** Verifies one compact JWS access token; see {@link createTokenVerifier}. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Creates the access-token check the API runs on every request: RS256 only, the issuer pinned,
 * the audience the API's app id, exp/iat/sub required, a small clock tolerance, no iat in the
 * future, and no token older or longer-lived than `maxTokenAgeSec`.
 * The scope check is separate (a verified token without the scope is a 403, not a 401), so it runs
 * on every request, as the clock checks do: a token is kept from its second verification on (see
 * verification-cache.ts) and taken from the cache only while it is within its exp, its maximum age
 * and its nbf, and while the key set is the one it was verified with.
 *
 * A token whose base64url is not canonical (see canonical-jws.ts) is refused before the cache is looked at,
 * so one signature has one spelling that verifies and one cache entry at most.
 *
 * The verifier resolves to the {@link Caller} (frozen: it may be shared by requests); it rejects with
 * jose's `JOSEError` subclasses for a bad token (`JWSInvalid` for a non-canonical one) and with
 * `KeySourceUnavailable` (from the key source) when the provider's keys are out of reach.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience, clockToleranceSec, maxTokenAgeSec, keys } = options;
  const cache = createVerificationCache<Caller>(options.cacheEntries);
  const verifyOptions = {
    issuer,
    audience,
    // Pinning the algorithm stops alg=none and HS256-with-the-public-key before any key lookup.
    algorithms: ['RS256'],
    requiredClaims: ['exp', 'iat', 'sub'],
    clockTolerance: clockToleranceSec,
    // jose then also refuses an iat further in the future than the tolerance.
    maxTokenAge: maxTokenAgeSec,
  };
  const finish = (token: string, versionBefore: number | undefined, payload: JWTPayload): Caller => {
    // A token the provider's key signed with exp a century ahead is still no 24-hour token.
    if (payload.exp! - payload.iat! > maxTokenAgeSec + clockToleranceSec) {
      throw new errors.JWTClaimValidationFailed(
        '"exp" claim is further from "iat" than the longest lifetime accepted',
        payload,
        'exp',
        'check_failed',
      );
    }
    const caller = toCaller(payload);
    // Kept only when the key set did not change while this token was checked.
    if (versionBefore !== undefined && keys.version() === versionBefore) {
      cache.set(token, cacheBounds(caller, payload, options), versionBefore);
    }
    return caller;
  };
  // Not an async function: a miss costs the API only jose's own promise chain (npm run bench:api).
  return (token) => {
    if (!isCanonicalCompactJws(token)) return Promise.reject(new errors.JWSInvalid('The token is not canonical base64url'));
    const versionBefore = keys.version();
    const cached = cache.get(token, nowSec(), versionBefore);
    if (cached) return Promise.resolve(cached);
    return jwtVerify(token, keys.keyFor(token), verifyOptions).then(({ payload }) => finish(token, versionBefore, payload));
  };
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

// jose checked exp, iat and nbf as numbers; the entry ends at exp (no tolerance) or at the maximum age.
function cacheBounds(caller: Caller, payload: JWTPayload, options: TokenVerifierOptions): CachedVerification<Caller> {
  const iat = payload.iat!;
  return {
    result: caller,
    notAfterSec: Math.min(payload.exp!, iat + options.maxTokenAgeSec),
    notBeforeSec: Math.max(iat, payload.nbf ?? iat) - options.clockToleranceSec,
  };
}

function toCaller(payload: JWTPayload): Caller {
  const { sub, name } = payload;
  if (typeof sub !== 'string' || sub === '') throw invalidClaim(payload, 'sub');
  if (name !== undefined && typeof name !== 'string') throw invalidClaim(payload, 'name');
  return Object.freeze({ subject: sub, name: name ?? null, scopes: Object.freeze(scopesOf(payload)) });
}

// B2C puts delegated permissions in scp; RFC 9068 (and many providers) in scope. Either grants.
function scopesOf(payload: JWTPayload): string[] {
  const scopes = spaceSeparated(payload, 'scp');
  for (const scope of spaceSeparated(payload, 'scope')) if (!scopes.includes(scope)) scopes.push(scope);
  return scopes;
}

function spaceSeparated(payload: JWTPayload, claim: 'scp' | 'scope'): string[] {
  const value = payload[claim];
  if (value === undefined) return [];
  if (typeof value !== 'string') throw invalidClaim(payload, claim);
  return value.split(' ').filter(Boolean);
}

function invalidClaim(payload: JWTPayload, claim: string): errors.JWTClaimValidationFailed {
  return new errors.JWTClaimValidationFailed(`"${claim}" claim has the wrong type`, payload, claim, 'invalid');
}
