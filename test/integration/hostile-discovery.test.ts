import { describe, it } from 'vitest';
import { casesOf } from '../support/hostile-cases';
import { runHostileCase } from './hostile-support';
import { useTestIdp } from './support';

// Issue 5: a hostile provider's discovery document fails closed before anything opens, stores nothing, and says so.
const idp = useTestIdp();

describe('Discovery (issue 5)', () => {
  it.each(casesOf('discovery').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });
});
