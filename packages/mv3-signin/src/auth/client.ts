import * as oauth from 'oauth4webapi';
import type { Settings } from '../settings/config.js';

/** The extension as an OAuth client: public (PKCE, no secret), RS256 ID tokens only. */
export function oauthClient(config: Settings): oauth.Client {
  return { client_id: config.clientId, id_token_signed_response_alg: 'RS256' };
}

/** A public client authenticates with its client_id only. */
export const clientAuth = oauth.None();
