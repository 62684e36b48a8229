import { extensionApi } from '../core/browser.js';

/** The one alarm: refresh ahead of expiry, or retry a refresh that failed for a passing reason. */
export const REFRESH_ALARM = 'refresh-tokens';

/** Chrome runs alarms of packed extensions at most every 30 s. */
const MIN_DELAY_MS = 30_000;
const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;

/** Schedules the refresh for `refreshAt` (epoch ms), replacing any earlier schedule. */
export async function scheduleRefresh(refreshAt: number): Promise<void> {
  await extensionApi().alarms.create(REFRESH_ALARM, { when: Math.max(refreshAt, Date.now() + 1000) });
}

/** Schedules a retry after `failures` passing failures in a row: 30 s, 1 min, 2 min, … 10 min. */
export async function scheduleRetry(failures: number): Promise<void> {
  const delay = Math.min(MIN_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
  await extensionApi().alarms.create(REFRESH_ALARM, { when: Date.now() + delay });
}

export async function cancelRefresh(): Promise<void> {
  await extensionApi().alarms.clear(REFRESH_ALARM);
}
