import { describe, expect, it } from 'vitest';
import type { LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { noticeItem, tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { casesOf } from '../support/hostile-cases';
import { dropCachedProvider, runHostileCase, signedInHarness } from './hostile-support';
import { JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

// Issue 5: a hostile provider's discovery document fails closed before anything opens, stores nothing, and says so.
const idp = useTestIdp();

describe('Discovery (issue 5)', () => {
  it.each(casesOf('discovery').map((c) => [c.name, c] as const))('%s', async (_name, hostile) => {
    await runHostileCase(idp, hostile);
  });
});

describe('Discovery at sign-out (issue 12)', () => {
  it('an end_session_endpoint on another origin gets no id_token_hint: the sign-out is local, and says so', async () => {
    const { auth, setFlow } = await signedInHarness(idp);
    const opened: string[] = [];
    const record: LaunchWebAuthFlow = async ({ url }) => {
      opened.push(url);
      return undefined;
    };
    setFlow(record);
    await dropCachedProvider();
    idp.controls.set({ discovery: 'endSessionOtherOrigin' });
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false, notice: { code: 'provider_sign_out_failed' } });
    expect(opened).toEqual([]);
    expect(idp.controls.stats()).toMatchObject({ endSessionRequests: 0, revocationRequests: 0 });
    expect(await tokensItem.getValue()).toBeNull();
    expect((await noticeItem.getValue())?.code).toBe('provider_sign_out_failed');
    expect(await storageDump()).not.toMatch(JWT_PATTERN);
  });
});
