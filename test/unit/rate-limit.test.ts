// Issue 21, item 4: content-script calls are rate-limited per tab (service/rate-limit.ts), on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { createRateLimiter, RATE_WINDOW_MS } from '../../packages/mv3-signin/src/service/rate-limit';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const takes = (limiter: { take(key: number): boolean }, key: number, count: number) =>
  Array.from({ length: count }, () => limiter.take(key));

describe('createRateLimiter', () => {
  it('lets a tab make the allowed number of calls in a minute, and refuses the next', () => {
    const time = clock();
    const limiter = createRateLimiter(60, time.now);
    expect(takes(limiter, 1, 60).every(Boolean)).toBe(true);
    expect(limiter.take(1)).toBe(false);
  });

  it('counts each tab on its own', () => {
    const limiter = createRateLimiter(3, clock().now);
    expect(takes(limiter, 1, 4)).toEqual([true, true, true, false]);
    expect(takes(limiter, 2, 3)).toEqual([true, true, true]);
  });

  it('serves a tab again once its oldest call is a minute old (a sliding window)', () => {
    const time = clock();
    const limiter = createRateLimiter(2, time.now);
    expect(limiter.take(1)).toBe(true);
    time.advance(30_000);
    expect(limiter.take(1)).toBe(true);
    expect(limiter.take(1)).toBe(false);
    time.advance(RATE_WINDOW_MS - 30_000 - 1);
    expect(limiter.take(1)).toBe(false);
    time.advance(1);
    expect(limiter.take(1)).toBe(true);
    expect(limiter.take(1)).toBe(false);
  });

  it('does not count refused calls: a page that keeps asking is served a minute after its last served call', () => {
    const time = clock();
    const limiter = createRateLimiter(1, time.now);
    expect(limiter.take(1)).toBe(true);
    for (let second = 1; second < 60; second++) {
      time.advance(1000);
      expect(limiter.take(1)).toBe(false);
    }
    time.advance(1000);
    expect(limiter.take(1)).toBe(true);
  });

  it('keeps counting a busy tab among a thousand quiet ones', () => {
    const time = clock();
    const limiter = createRateLimiter(2, time.now);
    for (let tab = 0; tab < 1000; tab++) limiter.take(tab);
    time.advance(RATE_WINDOW_MS);
    expect(takes(limiter, 5000, 3)).toEqual([true, true, false]);
  });

  it('refuses every call with a limit of 0', () => {
    expect(createRateLimiter(0, clock().now).take(1)).toBe(false);
  });
});
