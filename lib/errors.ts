/** Every failure the extension can show, as a closed union so `switch (err.code)` narrows. */
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
  | 'network'
  | 'timeout'
  | 'bad_request'
  | 'no_answer'
  | 'internal';

/** A failure as it is stored (the notice) and sent (a reply's error): its code and the plain words to show. */
export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

/**
 * The failure a page makes up itself when the background gives no reply. Kept apart from the table
 * so the popup's bundle carries this one sentence and not the table (lib/messages.ts).
 */
export const NO_ANSWER: Failure = { code: 'no_answer', message: 'The extension did not answer. Please try again.' };

const MESSAGES: Record<ErrorCode, string> = {
  config_invalid: 'The extension is not configured correctly.',
  not_set_up: 'The extension is not set up yet: open its settings to point it at your sign-in provider.',
  settings_changed: 'The sign-in settings changed, so you were signed out. Please sign in again.',
  login_cancelled: 'Sign-in was cancelled.',
  password_reset_requested:
    'Password reset is not available from the extension yet. Reset your password on the provider’s site, then sign in again.',
  password_reset_cancelled: 'Password reset was cancelled.',
  profile_edit_cancelled: 'Profile edit was cancelled.',
  profile_edit_other_account:
    'The profile edit came back signed in as a different account, so nothing was changed. You are still signed in as before.',
  profile_edit_unavailable: 'Profile editing is not set up for this extension.',
  login_required: 'Please sign in.',
  login_failed: 'The provider did not sign you in.',
  state_mismatch: 'The sign-in response did not match a sign-in started here, so it was ignored. Please try again.',
  response_invalid: 'The provider’s sign-in response was not valid, so it was ignored. Please try again.',
  discovery_failed: 'The sign-in provider could not be reached or is not configured as expected.',
  token_failed: 'The provider did not issue tokens for this sign-in.',
  id_token_invalid: 'The provider’s identity token failed validation, so you were not signed in.',
  identity_changed: 'The provider returned a different account, so you were signed out. Please sign in again.',
  session_expired: 'Your session expired, sign in again.',
  session_ended: 'Your session ended, sign in again.',
  not_signed_in: 'You are not signed in.',
  signed_out_locally:
    'You are signed out of the extension. This provider offers no sign-out endpoint, so your session on its site may continue.',
  provider_sign_out_failed:
    'You are signed out of the extension, but the provider’s session could not be ended. It may sign you in again without asking.',
  api_unauthorized: 'The API did not accept your sign-in (401).',
  api_forbidden: 'You do not have permission to use this API (403).',
  api_failed: 'The API call failed.',
  network: 'The server could not be reached. Check your connection and try again.',
  timeout: 'The server took too long to answer. Please try again.',
  bad_request: 'That request was not understood.',
  no_answer: NO_ANSWER.message,
  internal: 'Something went wrong. Please try again.',
};

/** The fixed, plain-words text for a code. */
export function userMessage(code: ErrorCode): string {
  return MESSAGES[code];
}

/** The one way to make a Failure: of an AppError (its code and message), or of a code (the table's words). */
export function failure(from: AppError | ErrorCode): Failure {
  return typeof from === 'string' ? { code: from, message: MESSAGES[from] } : { code: from.code, message: from.message };
}

/** The one error type the extension throws and shows. `message` is always safe to display as text. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${MESSAGES[code]} ${detail}` : MESSAGES[code], options);
    // A literal, not this.constructor.name: the production build renames classes.
    this.name = 'AppError';
    this.code = code;
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
