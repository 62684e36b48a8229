import { SignInError, type Failure } from 'mv3-signin';

/**
 * A failure as a page shows it: a SignInError's code and words (the background's, in the browser's language), else
 * `no_answer`'s (the client throws nothing else: the background's failure, or no answer at all).
 */
export function shownFailure(err: unknown): Failure {
  const error = err instanceof SignInError ? err : new SignInError('no_answer');
  return { code: error.code, message: error.message };
}

/** What to show for a failure: its words (shownFailure). */
export function errorWords(err: unknown): string {
  return shownFailure(err).message;
}
