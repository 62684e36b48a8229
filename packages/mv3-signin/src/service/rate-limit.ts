/** The window the rate is counted over. */
export const RATE_WINDOW_MS = 60_000;

// Past this many keys, the quiet ones are forgotten on the next call.
const SWEEP_ABOVE = 64;

/** Counts calls per key (a tab) over the last minute, in the worker's memory. */
export interface RateLimiter {
  /** True when `key` may make one more call now (and it is counted); false when it made `perMinute` already. */
  take(key: number): boolean;
}

/**
 * A sliding-window limiter: at most `perMinute` calls per key in any 60 seconds. A refused call is
 * not counted, so a page that keeps asking is served again a minute after its last served call.
 * The worker's memory is enough: a worker that restarts forgets, and starts counting again.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const calls = new Map<number, number[]>();
  const recent = (times: readonly number[], at: number) => times.filter((time) => at - time < RATE_WINDOW_MS);
  return {
    take(key) {
      const at = now();
      if (calls.size > SWEEP_ABOVE) {
        for (const [other, times] of calls) if (recent(times, at).length === 0) calls.delete(other);
      }
      const times = recent(calls.get(key) ?? [], at);
      const allowed = times.length < perMinute;
      if (allowed) times.push(at);
      calls.set(key, times);
      return allowed;
    },
  };
}
