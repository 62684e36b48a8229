import * as oauth from 'oauth4webapi';
import { SignInError } from '../core/errors.js';
import { word } from '../core/words.js';
import { jwksItem, type ApiToken, type Identity, type Profile, type StoredTokens } from './store.js';
import { httpOptions } from '../core/http.js';

/** Used when a provider leaves out expires_in: short, so the token is refreshed early. */
const DEFAULT_LIFETIME_S = 300;

/** Refresh this long before the access token expires (less for very short-lived tokens). */
export const REFRESH_MARGIN_MS = 2 * 60 * 1000;

/**
 * Checks the ID token's signature against the provider's JWKS. oauth4webapi validates the claims
 * of token-endpoint ID tokens but leaves the signature to us. The key set comes from
 * storage.session while oauth4webapi counts it fresh (5 minutes; it fetches again at once for an
 * unknown key once the set is a minute old), so a repeat sign-in makes no JWKS request.
 *
 * @throws whatever oauth4webapi throws, for toSignInError to map.
 */
export async function verifyIdTokenSignature(as: oauth.AuthorizationServer, response: Response): Promise<void> {
  const uri = as.jwks_uri ?? '';
  const stored = (await jwksItem.getValue()) ?? {};
  // oauth4webapi writes a key set it fetched into `cache`.
  const cache: oauth.JWKSCacheInput = stored[uri] ? { ...stored[uri] } : {};
  await oauth.validateApplicationLevelSignature(as, response, { ...httpOptions(as.jwks_uri), [oauth.jwksCache]: cache });
  const { jwks, uat } = cache as Partial<oauth.ExportedJWKSCache>;
  if (jwks && uat !== undefined && uat !== stored[uri]?.uat) await jwksItem.setValue({ ...stored, [uri]: { jwks, uat } });
}

/** The validated ID token claims of a processed token response. */
export function idTokenClaims(result: oauth.TokenEndpointResponse): oauth.IDToken {
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (!claims) throw new SignInError('id_token_invalid', word('detail_no_id_token'));
  return claims;
}

/**
 * True when two ID tokens name the same user of the same client at the same issuer. oauth4webapi
 * checks iss and aud against the configuration, not sub against the session, so a provider could
 * otherwise swap the user (on a refresh, a profile edit or a silent sign-in).
 */
export function sameIdentity(a: Identity, b: Identity): boolean {
  const left = [a.aud].flat().sort();
  const right = [b.aud].flat().sort();
  const sameAudience = left.length === right.length && left.every((value, i) => value === right[i]);
  return a.iss === b.iss && a.sub === b.sub && sameAudience;
}

/** Where tokens come from: the user flow whose token endpoint answered, and the settings in force. */
export type TokenSource = Pick<StoredTokens, 'flow' | 'settings'>;

/**
 * Builds what is stored from a processed token response.
 *
 * @param source the user flow whose token endpoint answered (and redeems the refresh token), and
 *   the fingerprint of the settings the tokens were obtained under.
 * @param previous the tokens being refreshed: a refresh response may leave out the ID token and
 *   the refresh token, in which case the earlier ones stay.
 */
export function toStoredTokens(
  result: oauth.TokenEndpointResponse,
  claims: oauth.IDToken | undefined,
  now: number,
  { flow, settings }: TokenSource,
  previous?: StoredTokens,
): StoredTokens {
  const idToken = result.id_token ?? previous?.idToken;
  const identity: Identity | undefined = claims ? { iss: claims.iss, aud: claims.aud, sub: claims.sub } : previous?.identity;
  if (!idToken || !identity) throw new SignInError('id_token_invalid', word('detail_no_id_token'));
  return {
    ...accessTokenOf(result, now),
    idToken,
    identity,
    flow,
    settings,
    ...refreshTokenOf(result, now, previous),
    // A refresh of the first API's token keeps the other APIs' tokens.
    ...(previous?.apis ? { apis: previous.apis } : {}),
  };
}

/**
 * `tokens` with `result`, a refresh response for the API `name`, as that API's token, and the
 * rotated refresh token; the first API's token and the identity stay as they were.
 */
export function withApiToken(tokens: StoredTokens, name: string, result: oauth.TokenEndpointResponse, now: number): StoredTokens {
  return { ...tokens, ...refreshTokenOf(result, now, tokens), apis: { ...tokens.apis, [name]: accessTokenOf(result, now) } };
}

function accessTokenOf(result: oauth.TokenEndpointResponse, now: number): ApiToken {
  const lifetimeMs =
    1000 * (typeof result.expires_in === 'number' && result.expires_in > 0 ? result.expires_in : DEFAULT_LIFETIME_S);
  return {
    accessToken: result.access_token,
    accessTokenExpiresAt: now + lifetimeMs,
    refreshAt: now + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4),
    ...(result.scope ? { scope: result.scope } : {}),
  };
}

// A refresh response may leave the refresh token out: the earlier one stays, with its expiry.
function refreshTokenOf(
  result: oauth.TokenEndpointResponse,
  now: number,
  previous: StoredTokens | undefined,
): Pick<StoredTokens, 'refreshToken' | 'refreshTokenExpiresAt'> {
  const refreshToken = result.refresh_token ?? previous?.refreshToken;
  // B2C adds refresh_token_expires_in; without it, the refresh token's life is unknown.
  const refreshLifetime = result['refresh_token_expires_in'];
  const refreshTokenExpiresAt =
    result.refresh_token && typeof refreshLifetime === 'number' && refreshLifetime > 0
      ? now + refreshLifetime * 1000
      : previous?.refreshTokenExpiresAt;
  return { ...(refreshToken ? { refreshToken } : {}), ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}) };
}

/** When the next of the session's access tokens (the first API's, or another's) is due for refresh. */
export function nextRefreshAt(tokens: StoredTokens): number {
  return Math.min(tokens.refreshAt, ...Object.values(tokens.apis ?? {}).map((token) => token.refreshAt));
}

function stringClaim(claims: oauth.IDToken, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value ? value : undefined;
}

/** The non-secret profile shown in the popup: B2C sends `emails` (an array), others `email`. */
export function toProfile(claims: oauth.IDToken): Profile {
  const emails = claims['emails'];
  const email =
    stringClaim(claims, 'email') ??
    (Array.isArray(emails) && typeof emails[0] === 'string' ? emails[0] : undefined) ??
    stringClaim(claims, 'preferred_username');
  const name = stringClaim(claims, 'name');
  return { sub: claims.sub, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
