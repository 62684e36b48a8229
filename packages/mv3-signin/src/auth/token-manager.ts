import { apiNamed, type ApiSettings, type Settings } from '../settings/config.js';
import { atStage, describeError, isRefreshTokenOver, toSignInError } from '../core/error-mapping.js';
import { SignInError, failure, type Failure } from '../core/errors.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import { generationItem, refreshFailuresItem, saveRefreshed, saveSession, type Profile, type StoredTokens } from './store.js';
import { boundTokens, endLocalSession, requireBoundTokens } from './local-session.js';
import { loadMetadata } from './metadata.js';
import { refreshTokens } from './refresh.js';
import { revokeEndedSession } from './revocation.js';
import type { CompletedSignIn } from './sign-in.js';
import { nextRefreshAt, sameIdentity } from './token-set.js';
import { cancelRefresh, REFRESH_ALARM, scheduleRefresh, scheduleRetry } from './schedule.js';

export interface TokenManagerDeps {
  readonly config: Settings;
  /**
   * Tries a sign-in with the sign-in flow and no window (prompt=none). Returns the validated
   * result without storing it, or undefined when the provider wants the user (or it failed).
   */
  signInSilently(): Promise<CompletedSignIn | undefined>;
  /**
   * True while `config` is still the configuration in force, read again from its sources: a
   * sign-in that started under other settings is not adopted.
   */
  isInForce(): Promise<boolean>;
}

export interface TokenManager {
  /**
   * A fresh access token for the API named `api` (default: the first, the sign-in's): refreshed
   * first when it is near expiry (or when `force`d after a 401); another API's is redeemed with
   * the refresh token and that API's scopes the first time it is asked for.
   *
   * @throws SignInError `api_unknown` for a name no API of the settings has.
   * @throws SignInError `not_signed_in`; `settings_changed` (the tokens belonged to other settings:
   *   signed out); `session_ended` / `session_expired` / `identity_changed` (signed out);
   *   `network` / `timeout` once the token has expired and refreshing keeps failing.
   */
  getAccessToken(options?: { force?: boolean; api?: string }): Promise<string>;
  /**
   * Makes a completed sign-in (of any user flow) the session, replacing the one before it, unless
   * a sign-out happened since `generation` was read or the settings changed since it started.
   * The session it replaces, if another user's, has its refresh token revoked.
   *
   * @returns `result`, now stored.
   * @throws SignInError `login_cancelled` when a sign-out came first, `settings_changed` when other
   *   settings are in force (nothing is stored then).
   */
  adopt(result: CompletedSignIn, generation: number | null): Promise<CompletedSignIn>;
  /** Handles the refresh alarm. */
  handleAlarm(name: string): Promise<void>;
  /** Makes sure a stored session has its refresh alarm (after startup, install or update). */
  resume(): Promise<void>;
  /**
   * The stored tokens, if they were obtained under this configuration; tokens of other settings
   * end the session first (auth/local-session.ts) and count as none.
   */
  session(): Promise<StoredTokens | null>;
  /** Ends the local session (auth/local-session.ts): everything stored gone, `notice` left, the refresh token revoked. */
  endSession(notice?: Failure): Promise<void>;
}

function isTransient(error: SignInError): boolean {
  return error.code === 'network' || error.code === 'timeout';
}

function canRefresh(tokens: StoredTokens, now: number): boolean {
  return Boolean(tokens.refreshToken) && (tokens.refreshTokenExpiresAt === undefined || now < tokens.refreshTokenExpiresAt);
}

/** Creates the single owner of token lifetime: refresh ahead of time, single-flight, fail safe. */
export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  // Every use of the refresh token waits for the one before it (a rotated refresh token is never
  // presented twice, whatever the number of APIs), and callers for the same API join its refresh.
  // Only the background refreshes, so these promises are the whole lock.
  let queue: Promise<unknown> = Promise.resolve();
  const refreshing = new Map<string, Promise<StoredTokens>>();
  const settings = settingsFingerprint(deps.config);
  const isFirst = (api: ApiSettings) => api === deps.config.apis[0];

  // The refresh token is over (B2C's fixed 24 hours, or revoked): the provider's session may
  // still sign the same user in without a window. Anyone else, or no answer, ends the session.
  async function renewSilently(tokens: StoredTokens, reason: SignInError): Promise<CompletedSignIn> {
    const result = await deps.signInSilently();
    if (!result || !sameIdentity(result.tokens.identity, tokens.identity)) throw reason;
    return result;
  }

  /**
   * A fresh token for `api`: the refresh token redeemed (with that API's scopes for any but the
   * first). A refresh token that is over renews the session silently first; for another API, the
   * new session's refresh token is then redeemed.
   */
  async function renew(tokens: StoredTokens, api: ApiSettings): Promise<{ tokens: StoredTokens; profile?: Profile }> {
    const stage = isFirst(api) ? 'refresh' : 'apiToken';
    const redeem = async (from: StoredTokens) => {
      const as = await loadMetadata(deps.config, from.flow);
      return atStage(stage, () => refreshTokens(as, deps.config, from, isFirst(api) ? undefined : api));
    };
    let reason = new SignInError('session_expired');
    if (canRefresh(tokens, Date.now())) {
      try {
        return await redeem(tokens);
      } catch (err) {
        reason = toSignInError(err, stage);
        if (!isRefreshTokenOver(reason)) throw reason;
      }
    }
    const renewed = await renewSilently(tokens, reason);
    if (isFirst(api)) return renewed;
    const redeemed = await redeem(renewed.tokens);
    const profile = redeemed.profile ?? renewed.profile;
    return { tokens: redeemed.tokens, ...(profile ? { profile } : {}) };
  }

  async function runRefresh(api: ApiSettings): Promise<StoredTokens> {
    const generation = await generationItem.getValue();
    const tokens = await requireBoundTokens(settings);
    try {
      const result = await renew(tokens, api);
      // A sign-out (or a new sign-in) while the request was out wins: this result must not bring
      // the old session back.
      if ((await generationItem.getValue()) !== generation) throw new SignInError('not_signed_in');
      // Persisted before anyone can use it: the old refresh token is spent.
      await saveRefreshed(result.tokens, result.profile);
      await scheduleRefresh(nextRefreshAt(result.tokens));
      return result.tokens;
    } catch (err) {
      const error = toSignInError(err, 'refresh');
      console.warn('Refresh failed:', describeError(error));
      if ((await generationItem.getValue()) !== generation) throw error;
      if (isTransient(error)) {
        const failures = ((await refreshFailuresItem.getValue()) ?? 0) + 1;
        await refreshFailuresItem.setValue(failures);
        await scheduleRetry(failures);
      } else if (isFirst(api) || error.code !== 'token_failed') {
        await endLocalSession(failure(error));
      }
      // Another API's scopes refused (token_failed): that API fails, the session goes on.
      throw error;
    }
  }

  function refresh(api: ApiSettings): Promise<StoredTokens> {
    const joined = refreshing.get(api.name);
    if (joined) return joined;
    const run = queue.then(() => runRefresh(api));
    const pending = run.finally(() => refreshing.delete(api.name));
    refreshing.set(api.name, pending);
    queue = pending.catch(() => undefined);
    return pending;
  }

  /** The API's token as stored: the first API's is the session's own. */
  const heldToken = (tokens: StoredTokens, api: ApiSettings) => (isFirst(api) ? tokens : tokens.apis?.[api.name]);

  return {
    async getAccessToken({ force = false, api: name } = {}) {
      const api = apiNamed(deps.config, name);
      const tokens = await requireBoundTokens(settings);
      const held = heldToken(tokens, api);
      const now = Date.now();
      if (held && !force && now < held.refreshAt) return held.accessToken;
      // Without a refresh token, renewing means a silent sign-in: not before the token expires.
      if (held && !force && !tokens.refreshToken && now < held.accessTokenExpiresAt) return held.accessToken;
      try {
        const token = heldToken(await refresh(api), api);
        if (!token) throw new SignInError('token_failed');
        return token.accessToken;
      } catch (err) {
        // A passing failure while the current token still works: use it; the alarm retries.
        const error = toSignInError(err, 'refresh');
        if (held && !force && isTransient(error) && Date.now() < held.accessTokenExpiresAt) return held.accessToken;
        throw error;
      }
    },

    async adopt(result, generation) {
      // A refresh in flight belongs to the session being replaced: let it settle first, so that
      // its result cannot land on top of this one.
      await queue;
      // A sign-out while the provider's window was open wins.
      const current = await generationItem.getValue();
      if (current !== generation) throw new SignInError('login_cancelled');
      // Settings changed while the provider's window was open: these tokens are not theirs.
      if (!(await deps.isInForce())) throw new SignInError('settings_changed');
      const replaced = await boundTokens(settings);
      // The alarm needs no wait for the write: one that fires with no session stored does nothing.
      await Promise.all([
        saveSession(
          result.tokens,
          result.profile,
          current,
          deps.config.apis.map((api) => api.name),
        ),
        scheduleRefresh(result.tokens.refreshAt),
      ]);
      // Another user's session ended here ("Use another account"): its refresh token is no use.
      if (replaced && !sameIdentity(replaced.identity, result.tokens.identity)) void revokeEndedSession(replaced);
      return result;
    },

    async handleAlarm(name) {
      if (name !== REFRESH_ALARM) return;
      const tokens = await boundTokens(settings);
      if (!tokens) return cancelRefresh();
      if (!tokens.refreshToken) return undefined;
      // The tokens that are due, each API's in turn (the queue takes them one after the other).
      const now = Date.now();
      const due = deps.config.apis.filter((api) => {
        const held = heldToken(tokens, api);
        return held !== undefined && now >= held.refreshAt;
      });
      // Not due (a stale alarm from an earlier token): put the schedule right instead.
      if (due.length === 0) return scheduleRefresh(nextRefreshAt(tokens));
      for (const api of due) {
        const refreshed = await refresh(api).then(
          () => true,
          () => false, // Already logged, noted and rescheduled by runRefresh.
        );
        if (!refreshed) break;
      }
      return undefined;
    },

    async resume() {
      const tokens = await boundTokens(settings);
      if (tokens?.refreshToken) await scheduleRefresh(nextRefreshAt(tokens));
    },

    session: () => boundTokens(settings),
    endSession: endLocalSession,
  };
}
