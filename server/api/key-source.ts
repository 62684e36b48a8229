import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwksCache,
  type JWKSCacheInput,
  type JWTVerifyGetKey,
  type RemoteJWKSetOptions,
} from 'jose';
import { assertKeyUrl } from './key-url.ts';

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

/** jose's remote key-set options the API passes through, under jose's names. */
export type JwksOptions = Pick<RemoteJWKSetOptions, 'timeoutDuration' | 'cooldownDuration' | 'cacheMaxAge'>;

/** Where the keys live: a discovery base, or the JWKS itself. */
export type KeyLocation = { readonly authority: URL } | { readonly jwksUri: URL };

/** How the keys are fetched: jose's options as given, and how long a failure is remembered. */
export interface KeySourceOptions {
  readonly jwks: Readonly<Required<JwksOptions>>;
  /** No fetch for this long after a failed one, doubling with each failure in a row... */
  readonly failureCooldownMs: number;
  /** ...up to this. */
  readonly failureCooldownMaxMs: number;
}

/** The provider's keys, for jose's `jwtVerify`, and which key set is in use. */
export interface KeySource {
  /**
   * What to hand `jwtVerify` for this compact token: the key itself when a token with the same protected
   * header was verified under the key set in use, else the resolver that finds it (and remembers it).
   */
  readonly keyFor: (token: string) => CryptoKey | JWTVerifyGetKey;
  /**
   * A number that changes whenever the fetched key set changes; undefined while no key set is loaded or
   * the loaded one is older than `cacheMaxAge` (the next verification fetches it again).
   */
  readonly version: () => number | undefined;
}

// Errors a remote key set raises because of the token (its alg or kid), not because of the provider.
const TOKEN_FAULTS = new Set<string>([
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSENotSupported.code,
]);

// Keys remembered by protected header; a provider signs with a handful of headers at most.
const MAX_PICKED = 64;

/**
 * Creates the provider's key source. Discovery runs lazily on first use; the JWKS itself is jose's
 * `createRemoteJWKSet`, which caches keys and refetches once for an unknown `kid` (after its cooldown).
 * jose forgets a failed fetch, so every request would fetch again from a provider that is down: here a
 * failure (of discovery or of the JWKS) is remembered, and no request fetches until its cooldown is over,
 * whatever the request rate. Keys already fetched keep working meanwhile.
 *
 * The resolver throws jose's own errors for token faults and {@link KeySourceUnavailable} for
 * anything on the provider's side.
 */
export function createKeySource(location: KeyLocation, options: KeySourceOptions): KeySource {
  const backoff = createBackoff(options.failureCooldownMs, options.failureCooldownMaxMs);
  // jose writes each key set it loads here (uat: when), which tells a new key set from the one in use.
  const loaded: JWKSCacheInput = {};
  let seen = { uat: NaN, text: '', version: 0 };
  let remote: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  let fresh: () => boolean = () => false;

  const gatedFetch = (url: string, init: RequestInit): Promise<Response> => {
    backoff.beforeFetch();
    return fetch(url, init);
  };
  const loadRemote = async () => {
    const jwksUri =
      'jwksUri' in location
        ? location.jwksUri
        : await discoverJwksUri(location.authority, options.jwks.timeoutDuration, gatedFetch);
    const keySet = createRemoteJWKSet(jwksUri, { ...options.jwks, [jwksCache]: loaded, [customFetch]: gatedFetch });
    fresh = () => keySet.fresh;
    return keySet;
  };
  const getRemote = () => {
    if (remote) return remote;
    const pending = loadRemote();
    // Forget a failed discovery so a request after the cooldown tries again instead of failing forever.
    pending.catch(() => {
      if (remote === pending) remote = undefined;
    });
    return (remote = pending);
  };
  // The key jose picked for a protected header (as the token spells it), while the key set it came from is
  // fresh and unchanged. The header alone decides the pick (its alg and kid), so a token whose header was
  // seen before goes to jose with the key in hand: no resolver call, no header parse.
  const picked = new Map<string, CryptoKey>();
  const noteLoaded = (): void => {
    if (!('uat' in loaded) || loaded.uat === seen.uat) return;
    backoff.succeeded();
    const text = JSON.stringify(loaded.jwks);
    if (text !== seen.text) picked.clear();
    seen = { uat: loaded.uat, text, version: text === seen.text ? seen.version : seen.version + 1 };
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const before = seen.version;
    try {
      const key = await (await getRemote())(header, token);
      noteLoaded();
      // Not when the key set changed meanwhile: the key may be from the set before. Headers that pick a key
      // need no valid signature, so a full memo drops its oldest rather than refusing new ones for good.
      if (seen.version === before) {
        if (picked.size >= MAX_PICKED) picked.delete(picked.keys().next().value!);
        picked.set(token.protected!, key);
      }
      return key;
    } catch (err) {
      noteLoaded();
      if (err instanceof errors.JOSEError && TOKEN_FAULTS.has(err.code)) throw err;
      backoff.failed();
      throw err instanceof KeySourceUnavailable ? err : new KeySourceUnavailable('signing keys unavailable', { cause: err });
    }
  };
  const keyFor = (token: string): CryptoKey | JWTVerifyGetKey => {
    const dot = token.indexOf('.');
    return (dot > 0 && fresh() && picked.get(token.slice(0, dot))) || getKey;
  };
  return { keyFor, version: () => (fresh() ? seen.version : undefined) };
}

/**
 * Remembers failed fetches: none is let through until the cooldown, which doubles with each failure in a
 * row, is over. A failure counts once per fetch made, however many requests waited on that fetch.
 */
function createBackoff(initialMs: number, maxMs: number) {
  let fetches = 0;
  let counted = 0;
  let failures = 0;
  let until = 0;
  return {
    /** @throws KeySourceUnavailable while cooling down; else counts a fetch about to be made. */
    beforeFetch(): void {
      if (Date.now() < until) throw new KeySourceUnavailable('signing keys unavailable (a recent fetch failed)');
      fetches += 1;
    },
    failed(): void {
      if (fetches === counted) return;
      counted = fetches;
      failures += 1;
      until = Date.now() + Math.min(maxMs, initialMs * 2 ** (failures - 1));
    },
    succeeded(): void {
      counted = fetches;
      failures = 0;
      until = 0;
    },
  };
}

async function discoverJwksUri(
  authority: URL,
  timeoutMs: number,
  fetchGated: (url: string, init: RequestInit) => Promise<Response>,
): Promise<URL> {
  const base = authority.href.replace(/\/+$/, '');
  const response = await fetchGated(`${base}/.well-known/openid-configuration`, {
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
