import * as oauth from 'oauth4webapi';
import type { Config } from '../config';
import { describeError, toAppError } from '../error-mapping';
import { clientAuth, oauthClient } from './client';
import { httpOptions } from './http';

/**
 * Revokes the refresh token at the revocation endpoint of `as` (RFC 7009), when it has one (B2C
 * has none: its refresh token lives out its 24 hours). Never throws: by now the local session is
 * gone, so a failure is only logged, in plain words and without the token.
 */
export async function revokeRefreshToken(as: oauth.AuthorizationServer, config: Config, refreshToken: string): Promise<void> {
  if (!as.revocation_endpoint) return;
  try {
    const response = await oauth.revocationRequest(as, oauthClient(config), clientAuth, refreshToken, {
      ...httpOptions(as.revocation_endpoint),
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
  } catch (err) {
    console.warn('Revoking the refresh token at sign-out failed:', describeError(toAppError(err)));
  }
}
