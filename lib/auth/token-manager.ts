import type { Config } from '../config';
import { atStage, describeError, toAppError } from '../error-mapping';
import { AppError } from '../errors';
import {
  clearSession,
  generationItem,
  refreshFailuresItem,
  saveRefreshed,
  tokensItem,
  type Notice,
  type StoredTokens,
} from '../session';
import { loadMetadata } from './metadata';
import { refreshTokens } from './refresh';
import { cancelRefresh, REFRESH_ALARM, scheduleRefresh, scheduleRetry } from './schedule';

export interface TokenManagerDeps {
  readonly config: Config;
  /** Tries a sign-in without any window; true when it signed the user in. */
  signInSilently(): Promise<boolean>;
}

export interface TokenManager {
  /**
   * A fresh access token: refreshed first when it is near expiry (or when `force`d after a 401).
   *
   * @throws AppError `not_signed_in`; `session_ended` / `session_expired` / `identity_changed`
   *   (signed out); `network` / `timeout` once the token has expired and refreshing keeps failing.
   */
  getAccessToken(options?: { force?: boolean }): Promise<string>;
  /** Handles the refresh alarm. */
  handleAlarm(name: string): Promise<void>;
  /** Makes sure a stored session has its refresh alarm (after startup, install or update). */
  resume(): Promise<void>;
  /** Ends the local session: every stored item gone, the refresh schedule cancelled, `notice` left. */
  endSession(notice?: Notice): Promise<void>;
}

function isTransient(error: AppError): boolean {
  return error.code === 'network' || error.code === 'timeout';
}

function canRefresh(tokens: StoredTokens, now: number): boolean {
  return Boolean(tokens.refreshToken) && (tokens.refreshTokenExpiresAt === undefined || now < tokens.refreshTokenExpiresAt);
}

/** Creates the single owner of token lifetime: refresh ahead of time, single-flight, fail safe. */
export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  // Only the background refreshes, so one promise is the whole lock: concurrent callers join it.
  let refreshing: Promise<StoredTokens> | undefined;

  async function endSession(notice?: Notice): Promise<void> {
    await clearSession(notice);
    await cancelRefresh();
  }

  async function runRefresh(): Promise<StoredTokens> {
    const generation = await generationItem.getValue();
    const tokens = await tokensItem.getValue();
    if (!tokens) throw new AppError('not_signed_in');
    try {
      const as = await loadMetadata(deps.config);
      const result = await atStage('refresh', () => refreshTokens(as, deps.config, tokens));
      // A sign-out while the request was out wins: its result must not bring the session back.
      if ((await generationItem.getValue()) !== generation) throw new AppError('not_signed_in');
      // Persisted before anyone can use it: the old refresh token is spent.
      await saveRefreshed(result.tokens, result.profile);
      await scheduleRefresh(result.tokens.refreshAt);
      return result.tokens;
    } catch (err) {
      const error = toAppError(err, 'refresh');
      console.warn('Refresh failed:', describeError(error));
      if ((await generationItem.getValue()) !== generation) throw error;
      if (isTransient(error)) {
        const failures = ((await refreshFailuresItem.getValue()) ?? 0) + 1;
        await refreshFailuresItem.setValue(failures);
        await scheduleRetry(failures);
      } else {
        await endSession({ code: error.code, message: error.message });
      }
      throw error;
    }
  }

  function refresh(): Promise<StoredTokens> {
    refreshing ??= runRefresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function renewWithoutRefreshToken(tokens: StoredTokens, force: boolean): Promise<string> {
    if (!force && Date.now() < tokens.accessTokenExpiresAt) return tokens.accessToken;
    if (await deps.signInSilently()) {
      const renewed = await tokensItem.getValue();
      if (renewed) return renewed.accessToken;
    }
    const error = new AppError('session_expired');
    await endSession({ code: error.code, message: error.message });
    throw error;
  }

  return {
    async getAccessToken({ force = false } = {}) {
      const tokens = await tokensItem.getValue();
      if (!tokens) throw new AppError('not_signed_in');
      const now = Date.now();
      if (!force && now < tokens.refreshAt) return tokens.accessToken;
      if (!canRefresh(tokens, now)) return renewWithoutRefreshToken(tokens, force);
      try {
        return (await refresh()).accessToken;
      } catch (err) {
        // A passing failure while the current token still works: use it; the alarm retries.
        const error = toAppError(err, 'refresh');
        if (!force && isTransient(error) && Date.now() < tokens.accessTokenExpiresAt) return tokens.accessToken;
        throw error;
      }
    },

    async handleAlarm(name) {
      if (name !== REFRESH_ALARM) return;
      const tokens = await tokensItem.getValue();
      if (!tokens) return cancelRefresh();
      if (!canRefresh(tokens, Date.now())) return undefined;
      // Not due (a stale alarm from an earlier token): put the schedule right instead.
      if (Date.now() < tokens.refreshAt) return scheduleRefresh(tokens.refreshAt);
      await refresh().then(
        () => undefined,
        () => undefined, // Already logged, noted and rescheduled by runRefresh.
      );
      return undefined;
    },

    async resume() {
      const tokens = await tokensItem.getValue();
      if (tokens && canRefresh(tokens, Date.now())) await scheduleRefresh(tokens.refreshAt);
    },

    endSession,
  };
}
