import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Who called, as read from a verified access token. */
export interface Caller {
  subject: string;
  /** The `name` claim; null when the provider sent none. */
  name: string | null;
  /** `scp` split on spaces (B2C puts delegated permissions there, not in `scope`). */
  scopes: string[];
}

/** What {@link createTokenVerifier} pins; `getKey` is usually the resolver from `createKeySource`. */
export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceSec: number;
  /** The oldest token accepted, and the longest lifetime (exp - iat), in seconds. */
  maxTokenAgeSec: number;
  getKey: JWTVerifyGetKey;
}

/** Verifies one compact JWS access token; see {@link createTokenVerifier}. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Creates the access-token check the API runs on every request: RS256 only, the issuer pinned,
 * the audience the API's app id, exp/iat/sub required, a small clock tolerance, no iat in the
 * future, and no token older or longer-lived than `maxTokenAgeSec`.
 * The scope check is separate (a verified token without the scope is a 403, not a 401).
 *
 * The verifier resolves to the {@link Caller}; it rejects with jose's `JOSEError` subclasses for
 * a bad token and with `KeySourceUnavailable` (from `getKey`) when the provider's keys are out of reach.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { issuer, audience, clockToleranceSec, maxTokenAgeSec, getKey } = options;
  return async (token) => {
    const { payload } = await jwtVerify(token, getKey, {
      issuer,
      audience,
      // Pinning the algorithm stops alg=none and HS256-with-the-public-key before any key lookup.
      algorithms: ['RS256'],
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: clockToleranceSec,
      // jose then also refuses an iat further in the future than the tolerance.
      maxTokenAge: maxTokenAgeSec,
    });
    // A token the provider's key signed with exp a century ahead is still no 24-hour token.
    if (payload.exp! - payload.iat! > maxTokenAgeSec + clockToleranceSec) {
      throw new errors.JWTClaimValidationFailed(
        '"exp" claim is further from "iat" than the longest lifetime accepted',
        payload,
        'exp',
        'check_failed',
      );
    }
    return toCaller(payload);
  };
}

function toCaller(payload: JWTPayload): Caller {
  const { sub, name, scp } = payload;
  if (typeof sub !== 'string' || sub === '') throw invalidClaim(payload, 'sub');
  if (scp !== undefined && typeof scp !== 'string') throw invalidClaim(payload, 'scp');
  if (name !== undefined && typeof name !== 'string') throw invalidClaim(payload, 'name');
  return {
    subject: sub,
    name: name ?? null,
    scopes: (scp ?? '').split(' ').filter(Boolean),
  };
}

function invalidClaim(payload: JWTPayload, claim: string): errors.JWTClaimValidationFailed {
  return new errors.JWTClaimValidationFailed(`"${claim}" claim has the wrong type`, payload, claim, 'invalid');
}
