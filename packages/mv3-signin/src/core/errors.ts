import { word } from './words.js';

/** Every failure the package reports, as a closed union so `switch (err.code)` narrows. Stable: a new code is a minor version, a removed one a major. */
export type ErrorCode =
  | 'config_invalid'
  | 'not_set_up'
  | 'settings_changed'
  | 'login_cancelled'
  | 'password_reset_requested'
  | 'password_reset_cancelled'
  | 'profile_edit_cancelled'
  | 'profile_edit_other_account'
  | 'profile_edit_unavailable'
  | 'login_required'
  | 'login_failed'
  | 'redirect_uri_not_registered'
  | 'state_mismatch'
  | 'response_invalid'
  | 'discovery_failed'
  | 'token_failed'
  | 'id_token_invalid'
  | 'identity_changed'
  | 'session_expired'
  | 'session_ended'
  | 'not_signed_in'
  | 'signed_out_locally'
  | 'provider_sign_out_failed'
  | 'api_unauthorized'
  | 'api_forbidden'
  | 'api_failed'
  | 'api_unknown'
  | 'api_path_refused'
  | 'site_not_allowed'
  | 'rate_limited'
  | 'network'
  | 'timeout'
  | 'bad_request'
  | 'settings_fixed'
  | 'no_answer'
  | 'internal';

/** A failure as it is stored (the notice) and sent (a reply's error): its code and the plain words to show. */
export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

/** The fixed, plain-words text for a code, in the words in use (`error_<code>`). */
export function userMessage(code: ErrorCode): string {
  return word(`error_${code}`);
}

/** The one way to make a Failure: of an error with a code (a SignInError, a reply's), or of a code (the table's words). */
export function failure(from: Failure | ErrorCode): Failure {
  return typeof from === 'string' ? { code: from, message: userMessage(from) } : { code: from.code, message: from.message };
}

/**
 * The one error class the package throws and a page receives (jose's shape: a stable `code`, the
 * underlying error as `cause`). `message` is the code's words and any detail, always safe to show
 * as text.
 */
export class SignInError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${userMessage(code)} ${detail}` : userMessage(code), options);
    // A literal, not this.constructor.name: a production build renames classes.
    this.name = 'SignInError';
    this.code = code;
  }

  /** The error a Failure describes, with its words as they are (a page receiving the background's). */
  static fromFailure({ code, message }: Failure): SignInError {
    const error = new SignInError(code);
    error.message = message;
    return error;
  }
}

const MAX_DETAIL = 200;

/**
 * Turns text from a provider into something safe to show: one line, no control characters, short.
 * It is rendered as text, never as HTML, but it is still someone else's words.
 */
export function providerText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Control characters, and Unicode's format characters (bidi overrides and isolates, zero-width
  // ones, the BOM: \p{Cf}) and line and paragraph separators, which could reorder or hide what
  // the popup and the logs show.
  const line = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (!line) return undefined;
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}
