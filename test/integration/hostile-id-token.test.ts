import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { Idp } from '../../server/idp';
import { casesOf } from '../support/hostile-cases';
import { runHostileCase } from './hostile-support';
import { startTestIdp } from './support';

// Issue 5: a hostile provider's ID token fails closed after the exchange, stores nothing, and says so.
let idp: Idp;

beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(async () => {
  await idp?.close();
});
beforeEach(() => {
  idp.controls.reset();
});

describe('ID token (issue 5)', () => {
  it.each(casesOf('id-token').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });
});
