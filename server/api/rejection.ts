import { errors } from 'jose';
import { KeySourceUnavailable } from './key-source.ts';

/** How a request that did not get through is answered and logged. */
export interface Rejection {
  status: 401 | 403 | 503;
  /** A fixed reason code for the log; never derived from the input. */
  reason: string;
  /** The WWW-Authenticate value, when there is one. */
  challenge?: string;
  body: { error: string; error_description?: string };
}

// Fixed texts: the input is never echoed back (it could be a token or an injection attempt).
const DESCRIPTIONS = {
  token_malformed: 'The access token is malformed',
  alg_not_allowed: 'The access token must be signed with RS256',
  signature_invalid: 'The access token signature is invalid',
  unknown_kid: 'The access token was signed with an unknown key',
  token_expired: 'The access token has expired',
  claims_invalid: 'The access token claims are not acceptable',
  token_unverifiable: 'The access token could not be verified',
} as const;

const CLAIM_NAMES = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'sub', 'scp', 'scope', 'name', 'typ']);

/** 401 without an error code: RFC 6750 section 3.1 for a request without credentials. */
export function missingToken(): Rejection {
  return { status: 401, reason: 'token_missing', challenge: 'Bearer', body: { error: 'unauthorized' } };
}

/** 401 invalid_token for `reason`, a key of the fixed description table. */
export function invalidToken(reason: keyof typeof DESCRIPTIONS, logReason: string = reason): Rejection {
  const description = DESCRIPTIONS[reason];
  return {
    status: 401,
    reason: logReason,
    challenge: `Bearer error="invalid_token", error_description="${description}"`,
    body: { error: 'invalid_token', error_description: description },
  };
}

/** 403 insufficient_scope naming the scope that would have been enough. */
export function insufficientScope(requiredScope: string): Rejection {
  return {
    status: 403,
    reason: 'insufficient_scope',
    challenge: `Bearer error="insufficient_scope", scope="${requiredScope}"`,
    body: { error: 'insufficient_scope' },
  };
}

/**
 * Maps an error from the token verifier to a rejection. Only a provider-side failure
 * ({@link KeySourceUnavailable}) is a 503; everything else, expected or not, fails closed as a 401.
 */
export function rejectionFor(err: unknown): Rejection {
  if (err instanceof KeySourceUnavailable) {
    return { status: 503, reason: 'jwks_unavailable', body: { error: 'temporarily_unavailable' } };
  }
  if (err instanceof errors.JWTExpired) return invalidToken('token_expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claim = CLAIM_NAMES.has(err.claim) ? err.claim : 'other';
    return invalidToken('claims_invalid', `claim_${claim}_${err.reason === 'missing' ? 'missing' : 'invalid'}`);
  }
  if (err instanceof errors.JOSEError) return invalidToken(...joseReason(err.code));
  return invalidToken('token_unverifiable');
}

function joseReason(code: string): [keyof typeof DESCRIPTIONS, string] {
  switch (code) {
    case errors.JOSEAlgNotAllowed.code:
      return ['alg_not_allowed', 'alg_not_allowed'];
    case errors.JWSSignatureVerificationFailed.code:
      return ['signature_invalid', 'signature_invalid'];
    case errors.JWKSNoMatchingKey.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return ['unknown_kid', 'unknown_kid'];
    case errors.JWSInvalid.code:
    case errors.JWTInvalid.code:
      return ['token_malformed', 'token_malformed'];
    default:
      return ['token_unverifiable', 'token_unverifiable'];
  }
}
