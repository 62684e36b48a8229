import { SignInError, failure, type Failure } from '../core/errors.js';
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

async function bind(settings: string | undefined): Promise<{ tokens: StoredTokens | null; ended: boolean }> {
  const tokens = await tokensItem.getValue();
  if (!tokens || tokens.settings === settings) return { tokens, ended: false };
  await endLocalSession(failure('settings_changed'));
  return { tokens: null, ended: true };
}

/**
 * The stored tokens, if they were obtained under the settings whose fingerprint is `settings`
 * (settings/fingerprint.ts; undefined: no usable settings). Tokens obtained under any other
 * settings are never used, refreshed or sent: the session ends first, with the notice "The
 * sign-in settings changed…", and they count as none.
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
 *   ended), `not_signed_in` when there are none.
 */
export async function requireBoundTokens(settings: string): Promise<StoredTokens> {
  const { tokens, ended } = await bind(settings);
  if (tokens) return tokens;
  throw new SignInError(ended ? 'settings_changed' : 'not_signed_in');
}
