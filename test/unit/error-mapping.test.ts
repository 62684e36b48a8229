import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { describeError, toSignInError } from '../../packages/mv3-signin/src/core/error-mapping';
import { SignInError, providerText, userMessage } from '../../packages/mv3-signin/src/core/errors';

function authorizationError(params: Record<string, string>): oauth.AuthorizationResponseError {
  const as = { issuer: 'https://idp.example/' };
  try {
    oauth.validateAuthResponse(as, { client_id: 'c' }, new URLSearchParams({ state: 's', ...params }), 's');
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError) return err;
  }
  throw new Error('expected an AuthorizationResponseError');
}

async function refreshError(status: number, body: object): Promise<unknown> {
  const as = { issuer: 'https://idp.example/', token_endpoint: 'https://idp.example/token' };
  const response = new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  try {
    await oauth.processRefreshTokenResponse(as, { client_id: 'c' }, response);
  } catch (err) {
    return err;
  }
  throw new Error('expected processRefreshTokenResponse to reject');
}

describe('toSignInError', () => {
  it('passes AppErrors through', () => {
    const error = new SignInError('timeout');
    expect(toSignInError(error)).toBe(error);
  });

  it('maps B2C cancellation and forgotten password, and AADB2C90077 for silent sign-in', () => {
    expect(
      toSignInError(authorizationError({ error: 'access_denied', error_description: 'AADB2C90091: The user has cancelled.' })),
    ).toMatchObject({ code: 'login_cancelled' });
    expect(
      toSignInError(
        authorizationError({ error: 'access_denied', error_description: 'AADB2C90118: The user has forgotten their password.' }),
      ),
    ).toMatchObject({ code: 'password_reset_requested' });
    expect(
      toSignInError(
        authorizationError({
          error: 'interaction_required',
          error_description: 'AADB2C90077: User does not have an existing session',
        }),
      ),
    ).toMatchObject({ code: 'login_required' });
    expect(toSignInError(authorizationError({ error: 'login_required' }))).toMatchObject({ code: 'login_required' });
  });

  it('shows any other provider error as one line of plain text', () => {
    const error = toSignInError(
      authorizationError({ error: 'access_denied', error_description: '<img src=x onerror=alert(1)>\nDenied' }),
    );
    expect(error.code).toBe('login_failed');
    expect(error.message).toBe(`${userMessage('login_failed')} (<img src=x onerror=alert(1)> Denied)`);
  });

  it('maps chrome.identity errors', () => {
    expect(toSignInError(new Error('The user did not approve access.'))).toMatchObject({ code: 'login_cancelled' });
    expect(toSignInError(new Error('User interaction required.'))).toMatchObject({ code: 'login_required' });
  });

  it("maps Firefox's identity errors: a silent flow that needs the user, and a closed window", () => {
    expect(toSignInError(new Error('Requires user interaction'))).toMatchObject({ code: 'login_required' });
    expect(toSignInError(new Error('User cancelled or denied access.'))).toMatchObject({ code: 'login_cancelled' });
  });

  it('maps timeouts and network failures', () => {
    expect(toSignInError(new DOMException('The operation timed out.', 'TimeoutError'))).toMatchObject({ code: 'timeout' });
    expect(toSignInError(new TypeError('fetch failed'))).toMatchObject({ code: 'network' });
    expect(toSignInError(new TypeError('Failed to fetch'))).toMatchObject({ code: 'network' });
  });

  it('maps token endpoint errors by stage: invalid_grant ends a session on refresh, 5xx is transient', async () => {
    const invalidGrant = await refreshError(400, { error: 'invalid_grant', error_description: 'AADB2C90080: expired' });
    expect(toSignInError(invalidGrant, 'refresh')).toMatchObject({ code: 'session_ended' });
    expect(toSignInError(invalidGrant, 'token')).toMatchObject({ code: 'token_failed' });
    expect(invalidGrant).toBeInstanceOf(oauth.ResponseBodyError);
    expect(toSignInError(await refreshError(503, { error: 'temporarily_unavailable' }), 'refresh')).toMatchObject({
      code: 'network',
    });
    expect(toSignInError(await refreshError(500, { error: 'server_error' }), 'refresh')).toMatchObject({ code: 'network' });
  });

  it('maps ID token claim failures to id_token_invalid and other processing failures to token_failed', () => {
    const claim = new oauth.OperationProcessingError('unexpected JWT "iss" (issuer) claim value', {
      code: oauth.JWT_CLAIM_COMPARISON,
    });
    Object.defineProperty(claim, 'code', { value: oauth.JWT_CLAIM_COMPARISON });
    expect(toSignInError(claim, 'token')).toMatchObject({ code: 'id_token_invalid' });
    const notJson = new oauth.OperationProcessingError('"response" body must be a top level object', undefined);
    expect(toSignInError(notJson, 'token')).toMatchObject({ code: 'token_failed' });
    expect(toSignInError(notJson, 'discovery')).toMatchObject({ code: 'discovery_failed' });
  });

  it('never turns unknown errors into provider text', () => {
    const error = toSignInError(new Error('secret stack detail'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe(userMessage('internal'));
  });
});

describe('providerText', () => {
  it('folds control characters, trims and caps the length', () => {
    expect(providerText('a\u0000b\r\nc')).toBe('a b c');
    expect(providerText('x'.repeat(500))).toHaveLength(201);
    expect(providerText('   ')).toBeUndefined();
    expect(providerText(42)).toBeUndefined();
  });

  // Issue 12, item 6: text that reorders or hides what is shown.
  it.each([
    ['a right-to-left override', 'Denied \u202Egnp.exe', 'Denied gnp.exe'],
    ['a bidi isolate', 'a\u2066b\u2069c', 'a b c'],
    ['a zero-width space and joiner', 'pay\u200Bpal\u200D', 'pay pal'],
    ['left-to-right and right-to-left marks', '\u200Eok\u200F', 'ok'],
    ['line and paragraph separators', 'one\u2028two\u2029three', 'one two three'],
    ['a byte order mark', '\uFEFFAADB2C90118: text', 'AADB2C90118: text'],
  ])('removes %s', (_name, input, shown) => {
    expect(providerText(input)).toBe(shown);
  });
});

describe('describeError', () => {
  it('names the chain without dumping causes that may hold codes or tokens', () => {
    const inner = Object.assign(new Error('bad response'), { parameters: new URLSearchParams({ code: 'SECRET-CODE' }) });
    const text = describeError(new SignInError('token_failed', undefined, { cause: inner }));
    expect(text).toContain('SignInError[token_failed]');
    expect(text).toContain('bad response');
    expect(text).not.toContain('SECRET-CODE');
  });

  // Issue 18, item 9: V8's JSON error quotes the start of the body it choked on (a token response).
  it('leaves out the text a JSON SyntaxError quotes from a response body', () => {
    let parseError: unknown;
    try {
      JSON.parse('eyJhbGciOiJSUzI1NiJ9.secret-part');
    } catch (err) {
      parseError = err;
    }
    expect(String(parseError)).toContain('eyJhbGciOi'); // what V8 would have put in the log
    const text = describeError(new SignInError('token_failed', undefined, { cause: parseError }));
    expect(text).toContain('SyntaxError');
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('secret');
  });
});
