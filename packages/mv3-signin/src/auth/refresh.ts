import * as oauth from 'oauth4webapi';
import { requestedScopes } from '../settings/b2c.js';
import type { ApiSettings, Settings } from '../settings/config.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import { SignInError } from '../core/errors.js';
import type { Profile, StoredTokens } from './store.js';
import { clientAuth, oauthClient } from './client.js';
import { httpOptions } from '../core/http.js';
import { idTokenClaims, sameIdentity, toProfile, toStoredTokens, verifyIdTokenSignature, withApiToken } from './token-set.js';

/**
 * Redeems the refresh token at the token endpoint of `as`, the metadata of the flow that issued
 * it: for the first API's token (the sign-in's scopes), or with `api`'s scopes for that API's
 * (B2C allows one resource per token, and a refresh token serves every API the client may call).
 * A new ID token must name the same issuer, audience and subject as the one from sign-in.
 *
 * @returns the new tokens (with the rotated refresh token) and, when an ID token came, the profile.
 * @throws SignInError `identity_changed`, or what oauth4webapi throws, for toSignInError('refresh').
 */
export async function refreshTokens(
  as: oauth.AuthorizationServer,
  config: Settings,
  tokens: StoredTokens,
  api?: ApiSettings,
): Promise<{ tokens: StoredTokens; profile?: Profile }> {
  if (!tokens.refreshToken) throw new SignInError('session_expired');
  const client = oauthClient(config);
  // Never two APIs' scopes in one request: the first API's are the sign-in's, the others' their own.
  const scope = api ? requestedScopes(api.scopes, config.clientId).join(' ') : undefined;
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refreshToken, {
    ...httpOptions(as.token_endpoint),
    ...(scope ? { additionalParameters: { scope } } : {}),
  });
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  let claims: oauth.IDToken | undefined;
  if (result.id_token) {
    await verifyIdTokenSignature(as, response);
    claims = idTokenClaims(result);
    if (!sameIdentity(claims, tokens.identity)) throw new SignInError('identity_changed');
  }
  const now = Date.now();
  const source = { flow: tokens.flow, settings: settingsFingerprint(config) };
  const refreshed = api ? withApiToken(tokens, api.name, result, now) : toStoredTokens(result, claims, now, source, tokens);
  return { tokens: refreshed, ...(claims ? { profile: toProfile(claims) } : {}) };
}
