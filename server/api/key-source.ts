import { createRemoteJWKSet, errors, type JWTVerifyGetKey, type RemoteJWKSetOptions } from 'jose';
import { assertKeyUrl } from './options.ts';

/**
 * The provider's keys could not be obtained (discovery or JWKS down, or a malformed answer).
 * Not the caller's fault, so the API answers 503 rather than blaming the token.
 */
export class KeySourceUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Where the keys live: a discovery base, or the JWKS itself. */
export type KeyLocation = { readonly authority: URL } | { readonly jwksUri: URL };

/** Tuning passed through to jose's remote key set; unset values keep jose's defaults. */
export interface KeySourceOptions {
  /** Minimum time between refetches for an unknown kid (jose default 30 s). */
  cooldownMs?: number;
  /** How long fetched keys are trusted before a refetch (jose default 10 min). */
  cacheMaxAgeMs?: number;
  /** Timeout of each discovery or JWKS request (default 5 s). */
  timeoutMs?: number;
}

// Errors a remote key set raises because of the token (its alg or kid), not because of the provider.
const TOKEN_FAULTS = new Set<string>([
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSENotSupported.code,
]);

/**
 * Creates the key resolver handed to jose's `jwtVerify`. Discovery runs lazily on first use and runs
 * again on the next call if it failed; the JWKS itself is jose's `createRemoteJWKSet`, which caches
 * keys and refetches once for an unknown `kid` (after its cooldown).
 *
 * The resolver throws jose's own errors for token faults and {@link KeySourceUnavailable} for
 * anything on the provider's side.
 */
export function createKeySource(location: KeyLocation, options: KeySourceOptions = {}): JWTVerifyGetKey {
  const jwksOptions: RemoteJWKSetOptions = {
    cooldownDuration: options.cooldownMs,
    cacheMaxAge: options.cacheMaxAgeMs,
    timeoutDuration: options.timeoutMs,
  };
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const loadKeySet = async (): Promise<JWTVerifyGetKey> => {
    const jwksUri = 'jwksUri' in location ? location.jwksUri : await discoverJwksUri(location.authority, options.timeoutMs);
    return createRemoteJWKSet(jwksUri, jwksOptions);
  };
  const getKeySet = (): Promise<JWTVerifyGetKey> => {
    if (keySet) return keySet;
    const pending = loadKeySet();
    // Forget a failed discovery so the next request tries again instead of failing forever.
    pending.catch(() => {
      if (keySet === pending) keySet = undefined;
    });
    return (keySet = pending);
  };
  return async (header, token) => {
    try {
      return await (
        await getKeySet()
      )(header, token);
    } catch (err) {
      throw asKeySourceError(err);
    }
  };
}

function asKeySourceError(err: unknown): unknown {
  if (err instanceof errors.JOSEError && TOKEN_FAULTS.has(err.code)) return err;
  if (err instanceof KeySourceUnavailable) return err;
  return new KeySourceUnavailable('signing keys unavailable', { cause: err });
}

async function discoverJwksUri(authority: URL, timeoutMs = 5000): Promise<URL> {
  const base = authority.href.replace(/\/+$/, '');
  const response = await fetch(`${base}/.well-known/openid-configuration`, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) throw new KeySourceUnavailable(`discovery answered ${response.status}`);
  const metadata: unknown = await response.json();
  const jwksUri = (metadata as { jwks_uri?: unknown } | null)?.jwks_uri;
  if (typeof jwksUri !== 'string') throw new KeySourceUnavailable('discovery has no jwks_uri');
  return assertKeyUrl(jwksUri, 'jwks_uri');
}
