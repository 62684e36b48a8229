import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { boundTokens, requireBoundTokens } from '../../packages/mv3-signin/src/auth/local-session';
import { noticeItem, tokensItem, type StoredTokens } from '../../packages/mv3-signin/src/auth/store';

const SETTINGS = 'settings-fingerprint';
const tokens: StoredTokens = {
  accessToken: 'access',
  accessTokenExpiresAt: Date.now() + 3_600_000,
  refreshAt: Date.now() + 3_000_000,
  idToken: 'id',
  identity: { iss: 'https://t.b2clogin.com/guid/v2.0/', aud: 'client-1', sub: 'alice' },
  flow: 'resetPassword',
  settings: SETTINGS,
};

beforeEach(() => {
  fakeBrowser.reset();
});

describe('boundTokens', () => {
  it('gives the tokens of a user flow this version names, under the settings that got them', async () => {
    await tokensItem.setValue(tokens);
    await expect(boundTokens(SETTINGS)).resolves.toEqual(tokens);
  });

  it('ends the session of tokens from other settings with settings_changed', async () => {
    await tokensItem.setValue(tokens);
    await expect(requireBoundTokens('other-settings')).rejects.toMatchObject({ code: 'settings_changed' });
    expect(await tokensItem.getValue()).toBeNull();
    expect(await noticeItem.getValue()).toMatchObject({ code: 'settings_changed' });
  });

  // 0.1.0 stored the reset and edit flows as 'passwordReset' and 'profileEdit': which token
  // endpoint redeems such a refresh token is not guessed; the session ends cleanly.
  it.each(['passwordReset', 'profileEdit', 'nonsense'])('ends the session of tokens whose flow is %s', async (flow) => {
    await tokensItem.setValue({ ...tokens, flow } as unknown as StoredTokens);
    await expect(boundTokens(SETTINGS)).resolves.toBeNull();
    expect(await tokensItem.getValue()).toBeNull();
    expect(await noticeItem.getValue()).toMatchObject({ code: 'session_ended' });
  });

  it('throws session_ended for work that needs tokens whose flow is unknown', async () => {
    await tokensItem.setValue({ ...tokens, flow: 'passwordReset' } as unknown as StoredTokens);
    await expect(requireBoundTokens(SETTINGS)).rejects.toMatchObject({ code: 'session_ended' });
  });
});
