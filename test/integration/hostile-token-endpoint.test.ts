import { describe, expect, it } from 'vitest';
import { casesOf, HANG_CASE } from '../support/hostile-cases';
import { runHostileCase } from './hostile-support';
import { useTestIdp } from '../support/idp-client';

// Issue 5: a hostile token endpoint fails the sign-in closed, stores nothing, and says so.
const idp = useTestIdp();

describe('Token endpoint (issue 5)', () => {
  it.each(casesOf('token-endpoint').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });

  // The extension's own request timeout (Limits.requestTimeoutMs, core/http.ts) ends it; nothing
  // else would. 300 ms here instead of 15 s; the e2e test runs the built extension's default.
  it(HANG_CASE.name, async () => {
    const started = Date.now();
    await runHostileCase(idp, HANG_CASE, { requestTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
