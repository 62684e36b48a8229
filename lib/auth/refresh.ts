import * as oauth from 'oauth4webapi';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Identity, Profile, StoredTokens } from '../session';
import { clientAuth, oauthClient } from './client';
import { httpOptions } from './http';
import { idTokenClaims, toProfile, toStoredTokens, verifyIdTokenSignature } from './token-set';

function sameAudience(a: Identity['aud'], b: Identity['aud']): boolean {
  const left = [a].flat().sort();
  const right = [b].flat().sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

/**
 * Redeems the refresh token. A new ID token must name the same issuer, audience and subject as
 * the one from sign-in: oauth4webapi checks iss and aud against the configuration, not sub
 * against the session, so a provider could otherwise swap the user.
 *
 * @returns the new tokens (with the rotated refresh token) and, when an ID token came, the profile.
 * @throws AppError `identity_changed`, or what oauth4webapi throws, for toAppError('refresh').
 */
export async function refreshTokens(
  as: oauth.AuthorizationServer,
  config: Config,
  tokens: StoredTokens,
): Promise<{ tokens: StoredTokens; profile?: Profile }> {
  if (!tokens.refreshToken) throw new AppError('session_expired');
  const client = oauthClient(config);
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    clientAuth,
    tokens.refreshToken,
    httpOptions(as.token_endpoint),
  );
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  if (!result.id_token) return { tokens: toStoredTokens(result, undefined, Date.now(), tokens) };
  await verifyIdTokenSignature(as, response);
  const claims = idTokenClaims(result);
  const before = tokens.identity;
  if (claims.iss !== before.iss || claims.sub !== before.sub || !sameAudience(claims.aud, before.aud)) {
    throw new AppError('identity_changed');
  }
  return { tokens: toStoredTokens(result, claims, Date.now(), tokens), profile: toProfile(claims) };
}
