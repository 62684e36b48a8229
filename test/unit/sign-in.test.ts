import * as oauth from 'oauth4webapi';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { beginSignIn, buildAuthorizationUrl, completeSignIn } from '../../packages/mv3-signin/src/auth/sign-in';
import { parseBuildEnv } from '../../lib/build-settings';
import { transactionItem } from '../../packages/mv3-signin/src/auth/store';

const config = parseBuildEnv({
  WXT_AUTHORITY: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0',
  WXT_ISSUER: 'https://contoso.b2clogin.com/guid/v2.0/',
  WXT_CLIENT_ID: 'client-1',
  WXT_SCOPES: 'https://contoso.onmicrosoft.com/api/demo.read',
  WXT_API_URL: 'https://api.contoso.com/hello',
});
const as: oauth.AuthorizationServer = {
  issuer: 'https://contoso.b2clogin.com/guid/v2.0/',
  authorization_endpoint: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_susi/oauth2/v2.0/authorize',
  token_endpoint: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_susi/oauth2/v2.0/token',
  jwks_uri: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_susi/discovery/v2.0/keys',
};
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('PKCE', () => {
  // RFC 7636, Appendix B.
  it('derives the S256 challenge of the RFC 7636 test vector', async () => {
    await expect(oauth.calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends BASE64URL(SHA-256(verifier)) of the stored verifier, not the verifier or a raw digest', async () => {
    const { url } = await beginSignIn(as, config, REDIRECT);
    const transaction = await transactionItem.getValue();
    expect(transaction).not.toBeNull();
    expect(url.searchParams.get('code_challenge')).toBe(await oauth.calculatePKCECodeChallenge(transaction!.codeVerifier));
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.href).not.toContain(transaction!.codeVerifier);
  });
});

describe('buildAuthorizationUrl', () => {
  it('asks the provider for the language the extension shows (ui_locales), the English messages here', async () => {
    const { url } = await beginSignIn(as, config, REDIRECT);
    expect(url.searchParams.get('ui_locales')).toBe('en');
    const german = buildAuthorizationUrl(as, config, {
      redirectUri: REDIRECT,
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
      uiLocales: 'de',
    });
    expect(german.searchParams.get('ui_locales')).toBe('de');
  });

  it('builds the code-flow URL with PKCE, state, nonce and the configured scopes', () => {
    const url = buildAuthorizationUrl(as, config, { redirectUri: REDIRECT, state: 'st', nonce: 'no', codeChallenge: 'ch' });
    expect(url.origin + url.pathname).toBe(as.authorization_endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline_access https://contoso.onmicrosoft.com/api/demo.read',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
    });
  });

  it('adds prompt=none for a silent sign-in', () => {
    const url = buildAuthorizationUrl(as, config, {
      redirectUri: REDIRECT,
      state: 's',
      nonce: 'n',
      codeChallenge: 'c',
      prompt: 'none',
    });
    expect(url.searchParams.get('prompt')).toBe('none');
  });
});

describe('beginSignIn', () => {
  it('stores the transaction before returning the URL, with fresh random values', async () => {
    const { url: first } = await beginSignIn(as, config, REDIRECT, { now: 1000 });
    const stored = await transactionItem.getValue();
    expect(stored).toMatchObject({
      flow: 'signIn',
      state: first.searchParams.get('state'),
      nonce: first.searchParams.get('nonce'),
      redirectUri: REDIRECT,
      createdAt: 1000,
    });
    const { url: second } = await beginSignIn(as, config, REDIRECT);
    expect(second.searchParams.get('state')).not.toBe(first.searchParams.get('state'));
    expect(second.searchParams.get('nonce')).not.toBe(first.searchParams.get('nonce'));
  });
});

describe('beginSignIn for another user flow', () => {
  it('records the flow in the transaction, so its own token endpoint redeems the code', async () => {
    const { url } = await beginSignIn(as, config, REDIRECT, { flow: 'resetPassword' });
    expect(await transactionItem.getValue()).toMatchObject({ flow: 'resetPassword', state: url.searchParams.get('state') });
  });

  it('adds prompt=login for "Use another account"', async () => {
    expect((await beginSignIn(as, config, REDIRECT, { prompt: 'login' })).url.searchParams.get('prompt')).toBe('login');
  });
});

describe('completeSignIn before the exchange', () => {
  it('rejects a state it did not issue, and consumes the transaction', async () => {
    const { transaction } = await beginSignIn(as, config, REDIRECT);
    await expect(completeSignIn(as, config, `${REDIRECT}?code=c&state=forged`, transaction)).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    expect(await transactionItem.getValue()).toBeNull();
  });

  it('rejects a redirect with no state', async () => {
    const { transaction } = await beginSignIn(as, config, REDIRECT);
    await expect(completeSignIn(as, config, `${REDIRECT}?code=c`, transaction)).rejects.toMatchObject({ code: 'state_mismatch' });
  });

  it('rejects a transaction older than ten minutes', async () => {
    const { url, transaction } = await beginSignIn(as, config, REDIRECT, { now: 0 });
    const state = url.searchParams.get('state')!;
    await expect(
      completeSignIn(as, config, `${REDIRECT}?code=c&state=${state}`, transaction, 11 * 60 * 1000),
    ).rejects.toMatchObject({
      code: 'state_mismatch',
    });
  });

  it('maps B2C error responses with the right state to their own codes', async () => {
    const cases = [
      ['AADB2C90091: The user has cancelled entering self-asserted information.', 'login_cancelled'],
      ['AADB2C90118: The user has forgotten their password.', 'password_reset_requested'],
      ['Something else went wrong', 'login_failed'],
    ] as const;
    for (const [description, code] of cases) {
      const { transaction } = await beginSignIn(as, config, REDIRECT);
      const redirect = new URL(REDIRECT);
      redirect.search = new URLSearchParams({
        error: 'access_denied',
        error_description: description,
        state: transaction.state,
      }).toString();
      await expect(completeSignIn(as, config, redirect.href, transaction)).rejects.toMatchObject({ code });
    }
  });

  it('rejects a code response that also carries tokens (implicit injection)', async () => {
    const first = await beginSignIn(as, config, REDIRECT);
    await expect(
      completeSignIn(as, config, `${REDIRECT}?code=c&state=${first.transaction.state}&access_token=x`, first.transaction),
    ).rejects.toMatchObject({
      code: 'response_invalid',
    });
    const second = await beginSignIn(as, config, REDIRECT);
    await expect(
      completeSignIn(as, config, `${REDIRECT}?code=c&state=${second.transaction.state}&id_token=x`, second.transaction),
    ).rejects.toMatchObject({
      code: 'response_invalid',
    });
  });

  it('rejects an iss parameter other than the issuer (RFC 9207)', async () => {
    const { transaction } = await beginSignIn(as, config, REDIRECT);
    await expect(
      completeSignIn(as, config, `${REDIRECT}?code=c&state=${transaction.state}&iss=https%3A%2F%2Fevil.example%2F`, transaction),
    ).rejects.toMatchObject({
      code: 'response_invalid',
    });
  });
});
