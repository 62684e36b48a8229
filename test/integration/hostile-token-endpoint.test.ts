import { describe, expect, it } from 'vitest';
import { casesOf, HANG_CASE } from '../support/hostile-cases';
import { runHostileCase } from './hostile-support';
import { useTestIdp } from './support';

// Issue 5: a hostile token endpoint fails the sign-in closed, stores nothing, and says so.
const idp = useTestIdp();

describe('Token endpoint (issue 5)', () => {
  it.each(casesOf('token-endpoint').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });

  // The extension's own request timeout (15 s, lib/auth/http.ts) ends it; nothing else would.
  it(
    HANG_CASE.name,
    async () => {
      const started = Date.now();
      await runHostileCase(idp, HANG_CASE);
      expect(Date.now() - started).toBeLessThan(20_000);
    },
    40_000,
  );
});
