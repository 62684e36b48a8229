import { SignInError, failure, type ErrorCode, type Failure } from '../core/errors.js';
import { isUserFlow } from '../settings/config.js';
import { clearSession, tokensItem, type StoredTokens } from './store.js';
import { revokeEndedSession } from './revocation.js';
import { cancelRefresh } from './schedule.js';

/**
 * Ends the local session: every stored item gone, the refresh schedule cancelled, `notice` left
 * for the popup. Then, without waiting, the ended session's refresh token is revoked at the
 * provider that issued it, where that provider lets a public client revoke.
 */
export async function endLocalSession(notice?: Failure): Promise<void> {
  const tokens = await tokensItem.getValue();
  await clearSession(notice);
  await cancelRefresh();
  void revokeEndedSession(tokens);
}

async function bind(settings: string | undefined): Promise<{ tokens: StoredTokens | null; ended?: ErrorCode }> {
  const tokens = await tokensItem.getValue();
  if (!tokens) return { tokens };
  // A flow this version does not name (an earlier version's 'passwordReset'): which token endpoint
  // redeems the refresh token is unknown, so the session ends rather than guess.
  const ended = tokens.settings !== settings ? 'settings_changed' : isUserFlow(tokens.flow) ? undefined : 'session_ended';
  if (!ended) return { tokens };
  await endLocalSession(failure(ended));
  return { tokens: null, ended };
}

/**
 * The stored tokens, if they were obtained under the settings whose fingerprint is `settings`
 * (settings/fingerprint.ts; undefined: no usable settings). Tokens obtained under any other
 * settings are never used, refreshed or sent: the session ends first, with the notice "The
 * sign-in settings changed…", and they count as none. Tokens of a user flow this version does not
 * name end the session the same way, with the notice `session_ended`.
 *
 * @returns the tokens, or null when there are none (or no longer any).
 */
export async function boundTokens(settings: string | undefined): Promise<StoredTokens | null> {
  return (await bind(settings)).tokens;
}

/**
 * The stored tokens, as boundTokens gives them, for work that needs them.
 *
 * @throws SignInError `settings_changed` when they belonged to other settings (the session has
 *   ended), `session_ended` when a user flow this version does not name got them (ended too),
 *   `not_signed_in` when there are none.
 */
export async function requireBoundTokens(settings: string): Promise<StoredTokens> {
  const { tokens, ended } = await bind(settings);
  if (tokens) return tokens;
  throw new SignInError(ended ?? 'not_signed_in');
}
