import * as oauth from 'oauth4webapi';
import type { Config } from '../config';
import { settingsFingerprint } from '../config-fingerprint';
import { AppError } from '../errors';
import type { Profile, StoredTokens } from '../session';
import { clientAuth, oauthClient } from './client';
import { httpOptions } from './http';
import { idTokenClaims, sameIdentity, toProfile, toStoredTokens, verifyIdTokenSignature } from './token-set';

/**
 * Redeems the refresh token at the token endpoint of `as`, the metadata of the flow that issued
 * it. A new ID token must name the same issuer, audience and subject as the one from sign-in.
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
  const source = { flow: tokens.flow, settings: settingsFingerprint(config) };
  if (!result.id_token) return { tokens: toStoredTokens(result, undefined, Date.now(), source, tokens) };
  await verifyIdTokenSignature(as, response);
  const claims = idTokenClaims(result);
  if (!sameIdentity(claims, tokens.identity)) throw new AppError('identity_changed');
  return { tokens: toStoredTokens(result, claims, Date.now(), source, tokens), profile: toProfile(claims) };
}
