import { describe, expect, it } from 'vitest';
import { sameIdentity } from '../../packages/mv3-signin/src/auth/token-set';

const alice = { iss: 'https://t.b2clogin.com/guid/v2.0/', aud: 'client-1', sub: 'alice' };

describe('sameIdentity', () => {
  it('accepts the same issuer, audience and subject, whatever the audience form or order', () => {
    expect(sameIdentity(alice, { ...alice })).toBe(true);
    expect(sameIdentity(alice, { ...alice, aud: ['client-1'] })).toBe(true);
    expect(sameIdentity({ ...alice, aud: ['a', 'b'] }, { ...alice, aud: ['b', 'a'] })).toBe(true);
  });

  it.each([
    ['another subject', { sub: 'bob' }],
    ['another issuer', { iss: 'https://evil.example/' }],
    ['another audience', { aud: 'client-2' }],
    ['an extra audience', { aud: ['client-1', 'client-2'] }],
  ])('rejects %s', (_name, change) => {
    expect(sameIdentity(alice, { ...alice, ...change })).toBe(false);
  });
});
