import { API_PORT, API_SCOPE_NAME, EXTENSION_ORIGIN, FIREFOX_EXTENSION_ORIGIN } from '../local.ts';
import { assertPort } from '../listen.ts';
import type { JwksOptions, KeyLocation } from './key-source.ts';
import { assertKeyUrl } from './key-url.ts';
import { DEFAULT_JWKS, resolveLimits, type ApiLimits } from './limits.ts';
import { writeLogLine } from './log.ts';

/** What {@link startApi} accepts. Only `issuer`, `audience` and one key location are required. */
export interface ApiOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default API_PORT. */
  port?: number;
  /**
   * The API's name in the extension's settings, which the demo page (`GET /`) asks the extension's content script to
   * call it by. Default 'API', the name of the extension's one-API shorthand; the local roles (config.ts) name theirs.
   */
  name?: string;
  /** The exact `iss` access tokens must carry (B2C's GUID-based issuer, not the authority). */
  issuer: string;
  /** The exact `aud` access tokens must carry: the API's app id. */
  audience: string;
  /** Discovery base; `jwks_uri` is read from `${authority}/.well-known/openid-configuration`. */
  authority?: string;
  /** The JWKS location, used as is; takes precedence over `authority`. */
  jwksUri?: string;
  /** The scope `scp` or `scope` (either, space-separated) must contain. Default 'demo.read'. */
  requiredScope?: string;
  /** Origins that get CORS headers. Default the Chromium and (pinned) Firefox extension origins. */
  allowedOrigins?: readonly string[];
  /** Leeway for exp/nbf/iat in seconds. Default 30. */
  clockToleranceSec?: number;
  /** The oldest, and the longest-lived, token accepted, in seconds (from its iat). Default 24 h. */
  maxTokenAgeSec?: number;
  /** Receives one JSON line per request. Default writes to stdout. */
  log?: (line: string) => void;
  /** jose's remote key-set options; the defaults are jose's (5 s timeout, 30 s cooldown, 10 min cache), see limits.ts. */
  jwks?: JwksOptions;
  /** The server's timeouts, connection cap, key-failure cooldown and cache size; defaults in limits.ts. */
  limits?: Partial<ApiLimits>;
}

const DAY_SEC = 24 * 60 * 60;

/** The name of the extension's one API when its settings name none (WXT_API_URL + WXT_SCOPES). */
export const DEFAULT_API_NAME = 'API';
/** The extension's rule for an API's name: at most this many characters, no control characters. */
const MAX_NAME_LENGTH = 40;

/** ApiOptions with every default applied and every value checked. */
export interface ResolvedApiOptions {
  readonly port: number;
  readonly name: string;
  readonly issuer: string;
  readonly audience: string;
  readonly keyLocation: KeyLocation;
  readonly requiredScope: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly clockToleranceSec: number;
  readonly maxTokenAgeSec: number;
  readonly log: (line: string) => void;
  readonly jwks: Readonly<Required<JwksOptions>>;
  readonly limits: ApiLimits;
}

// RFC 6749 section 3.3 scope-token: it ends up inside a quoted WWW-Authenticate parameter.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Applies the defaults and validates `options`. The only place the API's defaults are applied.
 *
 * @throws TypeError naming the first invalid field.
 */
export function resolveApiOptions(options: ApiOptions): ResolvedApiOptions {
  const requiredScope = options.requiredScope ?? API_SCOPE_NAME;
  if (!SCOPE_TOKEN.test(requiredScope)) throw new TypeError('"requiredScope" must be a single scope token');
  const clockToleranceSec = options.clockToleranceSec ?? 30;
  if (!Number.isInteger(clockToleranceSec) || clockToleranceSec < 0 || clockToleranceSec > 300) {
    throw new TypeError('"clockToleranceSec" must be an integer from 0 to 300');
  }
  const maxTokenAgeSec = options.maxTokenAgeSec ?? DAY_SEC;
  if (!Number.isInteger(maxTokenAgeSec) || maxTokenAgeSec < 60 || maxTokenAgeSec > 366 * DAY_SEC) {
    throw new TypeError('"maxTokenAgeSec" must be an integer from 60 seconds to a year');
  }
  return Object.freeze({
    port: assertPort(options.port ?? API_PORT),
    name: assertApiName(options.name ?? DEFAULT_API_NAME),
    issuer: assertNonEmpty(options.issuer, 'issuer'),
    audience: assertNonEmpty(options.audience, 'audience'),
    keyLocation: resolveKeyLocation(options),
    requiredScope,
    allowedOrigins: new Set(options.allowedOrigins ?? [EXTENSION_ORIGIN, FIREFOX_EXTENSION_ORIGIN]),
    clockToleranceSec,
    maxTokenAgeSec,
    log: options.log ?? writeLogLine,
    jwks: resolveJwksOptions(options.jwks),
    limits: resolveLimits(definedOnly(options.limits)),
  });
}

// Checked here, not when jose creates the key set (after discovery): a bad value is the operator's, not a 503.
function resolveJwksOptions(options: JwksOptions | undefined): Readonly<Required<JwksOptions>> {
  const jwks = { ...DEFAULT_JWKS, ...definedOnly(options) };
  for (const [name, value] of Object.entries(jwks)) {
    const whole = Number.isInteger(value) || (name === 'cacheMaxAge' && value === Infinity);
    if (!whole || value < 0) throw new TypeError(`"jwks.${name}" must be a whole number of milliseconds`);
  }
  return Object.freeze(jwks);
}

function resolveKeyLocation(options: ApiOptions): KeyLocation {
  if (options.jwksUri) return { jwksUri: assertKeyUrl(options.jwksUri, 'jwksUri') };
  if (options.authority) return { authority: assertKeyUrl(options.authority, 'authority') };
  throw new TypeError('one of "authority" or "jwksUri" is required');
}

// eslint-disable-next-line no-control-regex
const NAME = /^[^\u0000-\u001f\u007f]+$/;

// The extension's rule (its settings' apis): a name it could not hold is an operator's mistake, said at start.
function assertApiName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() !== value || !NAME.test(value) || [...value].length > MAX_NAME_LENGTH) {
    throw new TypeError(`"name" must be 1 to ${MAX_NAME_LENGTH} characters, without control characters or spaces around it`);
  }
  return value;
}

function assertNonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`"${field}" must be a non-empty string`);
  return value;
}

// `{ timeoutDuration: undefined }` keeps the default rather than replacing it with undefined.
function definedOnly<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}
