import * as oauth from 'oauth4webapi';
import { b2cErrorKind } from '../settings/b2c.js';
import { SignInError, providerText, type ErrorCode } from './errors.js';

/**
 * Where in a flow an error happened, which decides the code a library error gets. `apiToken` is a
 * refresh for another API's token: a refusal of that API's scopes is `token_failed` (the session
 * goes on); a refresh token that is over is `session_ended`, as for `refresh`.
 */
export type Stage = 'discovery' | 'authorization' | 'token' | 'refresh' | 'apiToken' | 'api' | 'other';

const ID_TOKEN_CODES = new Set<string>([oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK, oauth.KEY_SELECTION]);

/**
 * The only place that knows library errors: maps anything thrown to an SignInError.
 * AppErrors pass through untouched.
 */
export function toSignInError(err: unknown, stage: Stage = 'other'): SignInError {
  if (err instanceof SignInError) return err;
  const transport = transportError(err);
  if (transport) return transport;
  if (err instanceof oauth.AuthorizationResponseError) return fromAuthorizationError(err);
  const identity = identityError(err);
  if (identity) return identity;
  if (err instanceof oauth.ResponseBodyError) return fromResponseBodyError(err, stage);
  if (err instanceof oauth.OperationProcessingError) return fromProcessingError(err, stage);
  return new SignInError(stageFallback(stage), undefined, { cause: err });
}

function transportError(err: unknown): SignInError | undefined {
  if (!(err instanceof Error)) return undefined;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return new SignInError('timeout', undefined, { cause: err });
  // fetch() rejects with a bare TypeError when the connection fails.
  if (err instanceof TypeError && /fetch|network/i.test(err.message))
    return new SignInError('network', undefined, { cause: err });
  return undefined;
}

// chrome.identity.launchWebAuthFlow rejects with plain Errors whose messages are its API.
function identityError(err: unknown): SignInError | undefined {
  if (!(err instanceof Error)) return undefined;
  if (/did not approve|cancell?ed|closed/i.test(err.message))
    return new SignInError('login_cancelled', undefined, { cause: err });
  // Firefox's non-interactive flow fails with "Requires user interaction" on any page it cannot
  // get past without the user: that is "the user must sign in", never an error to show.
  if (/interaction required|requires user interaction|could not be loaded/i.test(err.message))
    return new SignInError('login_required', undefined, { cause: err });
  return undefined;
}

function fromAuthorizationError(err: oauth.AuthorizationResponseError): SignInError {
  const description = err.error_description;
  switch (b2cErrorKind(err.error, description)) {
    case 'cancelled':
      return new SignInError('login_cancelled', undefined, { cause: err });
    case 'forgot_password':
      return new SignInError('password_reset_requested', undefined, { cause: err });
    case 'interaction_required':
      return new SignInError('login_required', undefined, { cause: err });
    default: {
      const detail = providerText(description) ?? providerText(err.error);
      return new SignInError('login_failed', detail && `(${detail})`, { cause: err });
    }
  }
}

function fromResponseBodyError(err: oauth.ResponseBodyError, stage: Stage): SignInError {
  const refreshing = stage === 'refresh' || stage === 'apiToken';
  if (refreshing && err.error === 'invalid_grant') return new SignInError('session_ended', undefined, { cause: err });
  if (refreshing && err.status >= 500) return new SignInError('network', undefined, { cause: err });
  const detail = providerText(err.error_description) ?? providerText(err.error);
  return new SignInError(stage === 'refresh' ? 'session_ended' : 'token_failed', detail && `(${detail})`, { cause: err });
}

function fromProcessingError(err: oauth.OperationProcessingError, stage: Stage): SignInError {
  if (stage === 'discovery') return new SignInError('discovery_failed', undefined, { cause: err });
  if (stage === 'authorization') {
    return new SignInError(/"state"/.test(err.message) ? 'state_mismatch' : 'response_invalid', undefined, { cause: err });
  }
  if (stage === 'token' || stage === 'refresh' || stage === 'apiToken') {
    const aboutIdToken = ID_TOKEN_CODES.has(err.code ?? '') || /\bJWT\b|ID Token/.test(err.message);
    if (aboutIdToken) return new SignInError('id_token_invalid', undefined, { cause: err });
    if (stage !== 'token' && err.code === oauth.RESPONSE_IS_NOT_CONFORM)
      return new SignInError('network', undefined, { cause: err });
    return new SignInError('token_failed', undefined, { cause: err });
  }
  return new SignInError(stageFallback(stage), undefined, { cause: err });
}

function stageFallback(stage: Stage): ErrorCode {
  switch (stage) {
    case 'discovery':
      return 'discovery_failed';
    case 'authorization':
      return 'response_invalid';
    case 'token':
    case 'apiToken':
      return 'token_failed';
    case 'refresh':
      return 'session_ended';
    case 'api':
      return 'api_failed';
    default:
      return 'internal';
  }
}

/**
 * True when a refresh failed because the refresh token is over: `invalid_grant` (revoked, or past
 * B2C's fixed 24 hours: AADB2C90080). A silent sign-in may still carry the session on.
 */
export function isRefreshTokenOver(error: SignInError): boolean {
  return error.cause instanceof oauth.ResponseBodyError && error.cause.error === 'invalid_grant';
}

/**
 * True when launchWebAuthFlow failed because the provider's page did not load: Chrome's
 * "Authorization page could not be loaded", for no answer as much as for an HTTP error status.
 * A silent sign-in reads it as "the user must sign in"; an interactive one asks why
 * (auth/redirect-probe.ts).
 */
export function isPageLoadFailure(err: unknown): boolean {
  return err instanceof Error && /could not be loaded/i.test(err.message);
}

/** Runs `fn`, turning whatever it throws into an SignInError for `stage`. */
export async function atStage<T>(stage: Stage, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toSignInError(err, stage);
  }
}

/**
 * A one-line description for logs: the code and the names and messages down the cause chain.
 * Never the causes themselves, whose properties can hold response parameters (an authorization
 * code) or bodies (tokens), nor a SyntaxError's message, which quotes the body it could not parse.
 */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = current instanceof SignInError ? current.code : (current as { code?: unknown }).code;
    // JSON.parse's message quotes the text it choked on: a provider's response body.
    const message = current instanceof SyntaxError ? '(not valid JSON; the text is not logged)' : current.message;
    parts.push(`${current.name}${typeof code === 'string' ? `[${code}]` : ''}: ${message}`);
    current = current.cause;
  }
  return parts.join(' <- ');
}
