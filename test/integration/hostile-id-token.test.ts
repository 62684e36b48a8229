import { describe, it } from 'vitest';
import { casesOf } from '../support/hostile-cases';
import { runHostileCase } from './hostile-support';
import { useTestIdp } from '../support/idp-client';

// Issue 5: a hostile provider's ID token fails closed after the exchange, stores nothing, and says so.
const idp = useTestIdp();

describe('ID token (issue 5)', () => {
  it.each(casesOf('id-token').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });
});
