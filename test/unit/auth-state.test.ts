import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { changedPublic, PUBLIC_KEYS, readPublicSession, toAuthState, withStored } from '../../packages/mv3-signin/src/auth/state';
import { apisItem, expiresAtItem, noticeItem, profileItem } from '../../packages/mv3-signin/src/auth/store';

// Issue 11: the popup renders the stored public items itself, and follows their changes.

const ALICE = { sub: 'a1', name: 'Alice Liddell', email: 'alice@example.com' };
const NOTICE = { code: 'login_cancelled', message: 'Sign-in was cancelled.' } as const;

beforeEach(() => {
  fakeBrowser.reset();
});

describe('PUBLIC_KEYS', () => {
  it('are the profile, the expiry copy, the APIs’ names and the notice: never the tokens or the transaction', () => {
    expect(PUBLIC_KEYS).toEqual([profileItem.key, expiresAtItem.key, apisItem.key, noticeItem.key]);
    expect(PUBLIC_KEYS).toEqual(['profile', 'expiresAt', 'apis', 'notice']);
  });
});

describe('readPublicSession', () => {
  it('reads the public items and nothing else', async () => {
    await fakeBrowser.storage.session.set({ tokens: { accessToken: 'secret' }, profile: ALICE, expiresAt: 5, notice: NOTICE });
    expect(await readPublicSession()).toEqual({ profile: ALICE, expiresAt: 5, notice: NOTICE });
  });
});

describe('changedPublic', () => {
  it('takes the new values of the public keys only, and never reads another key’s', () => {
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = {
      profile: { newValue: ALICE },
      expiresAt: { oldValue: 1, newValue: 2 },
      tokens: {
        get newValue(): unknown {
          throw new Error('read the tokens');
        },
      },
    };
    expect(changedPublic(changes)).toEqual({ profile: ALICE, expiresAt: 2 });
  });

  it('a removed item is undefined; a change of other keys alone is no change', () => {
    const changes: Record<string, { newValue?: unknown; oldValue?: unknown }> = { profile: {}, notice: { oldValue: NOTICE } };
    const removed = changedPublic(changes);
    expect(removed).toEqual({ profile: undefined, notice: undefined });
    expect(Object.keys(removed!)).toEqual(['profile', 'notice']);
    expect(changedPublic({ tokens: { newValue: 'x' }, generation: { newValue: 2 } })).toBeUndefined();
  });
});

describe('toAuthState', () => {
  it('signed in with a profile and an expiry; no name when the ID token has none (the popup words the fallback)', () => {
    expect(toAuthState({ profile: ALICE, expiresAt: 9, apis: ['API', 'Orders API'] }, { canEditProfile: true })).toEqual({
      signedIn: true,
      busy: false,
      user: { name: ALICE.name, email: ALICE.email },
      expiresAt: 9,
      canEditProfile: true,
      apis: ['API', 'Orders API'],
    });
    expect(toAuthState({ profile: { email: 'n@example.com' }, expiresAt: 9 }, { canEditProfile: false })).toMatchObject({
      user: { email: 'n@example.com' },
    });
  });

  it('signed out without either; busy with the open window; the notice and needsSetup carried', () => {
    expect(toAuthState({ profile: ALICE }, { canEditProfile: false })).toEqual({ signedIn: false, busy: false });
    expect(toAuthState({ notice: NOTICE }, { canEditProfile: false, journey: 'signIn', needsSetup: true })).toEqual({
      signedIn: false,
      busy: true,
      journey: 'signIn',
      notice: NOTICE,
      needsSetup: true,
    });
  });
});

describe('withStored', () => {
  const signedIn = toAuthState({ profile: ALICE, expiresAt: 9 }, { canEditProfile: true });

  it('a new expiry or name keeps the rest', () => {
    expect(withStored(signedIn, { expiresAt: 20 })).toEqual({ ...signedIn, expiresAt: 20 });
    expect(withStored(signedIn, { profile: { ...ALICE, name: 'Alice L.' } })).toMatchObject({
      user: { name: 'Alice L.' },
      canEditProfile: true,
    });
  });

  it('a removed profile signs out, with the notice that came with it', () => {
    expect(withStored(signedIn, { profile: undefined, expiresAt: undefined, notice: NOTICE })).toEqual({
      signedIn: false,
      busy: false,
      notice: NOTICE,
    });
  });

  it('a sign-in from elsewhere shows the user; an open window and needsSetup are kept', () => {
    const open = toAuthState({}, { canEditProfile: false, journey: 'signIn' });
    expect(withStored(open, { profile: ALICE, expiresAt: 9 })).toMatchObject({ signedIn: true, busy: true, journey: 'signIn' });
    const setUp = toAuthState({}, { canEditProfile: false, needsSetup: true });
    expect(withStored(setUp, { notice: NOTICE })).toEqual({ signedIn: false, busy: false, notice: NOTICE, needsSetup: true });
  });
});
