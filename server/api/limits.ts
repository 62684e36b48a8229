/**
 * Every limit of the reference API in one place: how long a connection may take, how many there may be,
 * how the provider's keys are fetched and how long a failure to fetch them is remembered, and how many
 * verified tokens are kept. startApi takes each of them through `ApiOptions.limits` (and jose's key-set
 * options through `ApiOptions.jwks`), so tests can use short values; resolveApiOptions applies these once.
 */

/** The limits `ApiOptions.limits` may override. */
export interface ApiLimits {
  /** Headers larger than this get 431 (Node's default, stated so the 431 is a decision). */
  readonly maxHeaderBytes: number;
  /** A request's headers must be complete this long after its first byte, else 408 and the socket is closed. */
  readonly headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this, else 408. At least headersTimeoutMs. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (Node adds a second, for clients on the edge). */
  readonly keepAliveTimeoutMs: number;
  /** Connections beyond this many are dropped as they arrive. */
  readonly maxConnections: number;
  /** After the provider's keys could not be fetched, no fetch for this long... */
  readonly keyFailureCooldownMs: number;
  /** ...doubling with each failure in a row, up to this. */
  readonly keyFailureCooldownMaxMs: number;
  /** Verified tokens kept (by SHA-256 of the token), the oldest dropped first; 0 turns the cache off. */
  readonly verificationCacheEntries: number;
}

export const DEFAULT_LIMITS: ApiLimits = Object.freeze({
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  keyFailureCooldownMs: 1_000,
  keyFailureCooldownMaxMs: 30_000,
  verificationCacheEntries: 10_000,
});

/**
 * jose's remote key-set options (RemoteJWKSetOptions), under jose's names, with the values the API uses:
 * jose's own defaults, stated so discovery shares the timeout.
 */
export const DEFAULT_JWKS = Object.freeze({
  /** Each discovery or JWKS request gives up after this. */
  timeoutDuration: 5_000,
  /** An unknown kid refetches the JWKS at most this often. */
  cooldownDuration: 30_000,
  /** Fetched keys are used for this long, then fetched again. */
  cacheMaxAge: 10 * 60_000,
});

/**
 * Node checks headersTimeout and requestTimeout only this often (its default is 30 s); a check every
 * quarter of the shorter timeout drops a held socket within 1.25 times that timeout.
 */
export function connectionsCheckingIntervalMs(limits: ApiLimits): number {
  return Math.max(10, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4));
}

/** `limits` over the defaults, each checked. @throws TypeError naming the first invalid one. */
export function resolveLimits(limits: Partial<ApiLimits> = {}): ApiLimits {
  const resolved = { ...DEFAULT_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    const min = name === 'verificationCacheEntries' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new TypeError(`"limits.${name}" must be an integer of at least ${min}`);
  }
  if (resolved.requestTimeoutMs < resolved.headersTimeoutMs) {
    throw new TypeError('"limits.requestTimeoutMs" must be at least "limits.headersTimeoutMs"');
  }
  if (resolved.keyFailureCooldownMaxMs < resolved.keyFailureCooldownMs) {
    throw new TypeError('"limits.keyFailureCooldownMaxMs" must be at least "limits.keyFailureCooldownMs"');
  }
  return Object.freeze(resolved);
}
