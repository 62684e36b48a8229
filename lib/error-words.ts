import { SignInError } from 'mv3-signin';

/** What to show for a failure: a SignInError's words (the background's, in the browser's language), else `no_answer`'s. */
export function errorWords(err: unknown): string {
  return (err instanceof SignInError ? err : new SignInError('no_answer')).message;
}
