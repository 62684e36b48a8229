// The local provider's (server/idp) test controls: set() guarded by testControls, the token delay, the counters.
import { describe, expect, it } from 'vitest';
import { startIdp } from '../../server/idp/index.ts';
import { exchange, signIn, useIdpClient } from '../support/idp-client';

const idp = useIdpClient();

describe('test controls', () => {
  it('set() throws unless testControls', async () => {
    const plain = await startIdp({ port: 0 });
    try {
      expect(() => plain.controls.set({ tokenDelayMs: 1 })).toThrow(TypeError);
    } finally {
      await plain.close();
    }
  });

  it('tokenDelayMs delays the token endpoint', async () => {
    const { flow, params } = await signIn();
    idp.controls.set({ tokenDelayMs: 300 });
    const started = Date.now();
    expect((await exchange(flow, params)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('counts authorization requests', async () => {
    await signIn();
    expect(idp.controls.stats().authorizeRequests).toBe(1);
  });
});
