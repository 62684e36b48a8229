import * as oauth from 'oauth4webapi';
import type { Settings } from '../settings/config.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import { SignInError } from '../core/errors.js';
import type { Profile, StoredTokens } from './store.js';
import { clientAuth, oauthClient } from './client.js';
import { httpOptions } from '../core/http.js';
import { idTokenClaims, sameIdentity, toProfile, toStoredTokens, verifyIdTokenSignature } from './token-set.js';

/**
 * Redeems the refresh token at the token endpoint of `as`, the metadata of the flow that issued
 * it. A new ID token must name the same issuer, audience and subject as the one from sign-in.
 *
 * @returns the new tokens (with the rotated refresh token) and, when an ID token came, the profile.
 * @throws SignInError `identity_changed`, or what oauth4webapi throws, for toSignInError('refresh').
 */
export async function refreshTokens(
  as: oauth.AuthorizationServer,
  config: Settings,
  tokens: StoredTokens,
): Promise<{ tokens: StoredTokens; profile?: Profile }> {
  if (!tokens.refreshToken) throw new SignInError('session_expired');
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
  if (!sameIdentity(claims, tokens.identity)) throw new SignInError('identity_changed');
  return { tokens: toStoredTokens(result, claims, Date.now(), source, tokens), profile: toProfile(claims) };
}
