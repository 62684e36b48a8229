import * as oauth from 'oauth4webapi';
import { describeError, toSignInError } from '../core/error-mapping.js';
import { metadataItem, type StoredTokens } from './store.js';
import { clientAuth } from './client.js';
import { httpOptions } from '../core/http.js';

/**
 * Why a public client may not revoke at `as`, or undefined when it may. RFC 8414 §2: a provider
 * that leaves out `revocation_endpoint_auth_methods_supported` takes `client_secret_basic`, and
 * one that lists no `none` refuses a client without a secret (Glewlwyd answers it 401).
 */
function whyNotRevocable(as: oauth.AuthorizationServer): string | undefined {
  if (!as.revocation_endpoint) return 'the provider has no revocation_endpoint';
  const methods = as.revocation_endpoint_auth_methods_supported;
  if (Array.isArray(methods) && methods.includes('none')) return undefined;
  return 'the provider does not let a public client revoke (its revocation_endpoint_auth_methods_supported has no "none")';
}

/**
 * Revokes a refresh token at the revocation endpoint of `as` (RFC 7009), where the provider lets
 * a public client revoke. Never throws: by now the session is gone, so a failure, or a provider
 * that does not allow it, is only logged, in plain words and without the token. B2C has no
 * revocation endpoint (its refresh token lives out its 24 hours): that is skipped without a word.
 *
 * @param clientId the client the token was issued to.
 */
export async function revokeRefreshToken(as: oauth.AuthorizationServer, clientId: string, refreshToken: string): Promise<void> {
  const reason = whyNotRevocable(as);
  if (reason) {
    if (as.revocation_endpoint) console.info(`Not revoking the refresh token: ${reason}.`);
    return;
  }
  try {
    const response = await oauth.revocationRequest(as, { client_id: clientId }, clientAuth, refreshToken, {
      ...httpOptions(as.revocation_endpoint),
      additionalParameters: { token_type_hint: 'refresh_token' },
    });
    await oauth.processRevocationResponse(response);
  } catch (err) {
    console.warn('Revoking the refresh token failed:', describeError(toSignInError(err)));
  }
}

/** The client an ID token names as its audience, when it names exactly one. */
function clientOf(tokens: StoredTokens): string | undefined {
  const { aud } = tokens.identity;
  if (typeof aud === 'string') return aud;
  return aud.length === 1 ? aud[0] : undefined;
}

/**
 * Revokes the refresh token of a session that has just ended, at the provider that issued it and
 * only there: the cached metadata of the user flow that issued the tokens, if that metadata names
 * the tokens' issuer. Nothing is fetched, so a session ended by a settings change never reaches
 * the new settings' endpoints. Never throws.
 */
export async function revokeEndedSession(tokens: StoredTokens | null): Promise<void> {
  if (!tokens?.refreshToken) return;
  const clientId = clientOf(tokens);
  const cached = (await metadataItem.getValue().catch(() => null))?.[tokens.flow];
  if (!clientId || cached?.metadata['issuer'] !== tokens.identity.iss) return;
  await revokeRefreshToken(cached.metadata as unknown as oauth.AuthorizationServer, clientId, tokens.refreshToken);
}
