import { escapeHtml } from '../escape-html.ts';
import { cancelForm, errorAlert, page } from './html.ts';

/** What the sign-in page shows. */
export interface LoginPageModel {
  /** The interaction's base path; the form posts to `${base}/login`, cancel to `${base}/cancel`. */
  readonly base: string;
  readonly email?: string;
  readonly error?: string;
  /** The field that takes the focus: the one that was wrong (`password` after a wrong password); default `signInName`. */
  readonly focus?: 'signInName' | 'password';
  /** Shows the "Forgot your password?" (`${base}/forgot`) and "Sign up now" (`${base}/signup`) links; default true. */
  readonly accountLinks?: boolean;
}

/**
 * Renders B2C's combined sign-in page as plain HTML: #signInName, #password, #next ("Sign in"),
 * the #forgotPassword and #createAccount links (unless `accountLinks` is false) and a Cancel button;
 * `autofocus` on the `focus` field.
 * Every value is escaped.
 */
export function renderLoginPage({ base, email = '', error, focus = 'signInName', accountLinks = true }: LoginPageModel): string {
  const autofocus = (field: LoginPageModel['focus']) => (field === focus ? ' autofocus' : '');
  const action = escapeHtml(`${base}/login`);
  const forgot = `<p><a id="forgotPassword" href="${escapeHtml(`${base}/forgot`)}">Forgot your password?</a></p>`;
  const signUp = `<p>Don't have an account? <a id="createAccount" href="${escapeHtml(`${base}/signup`)}">Sign up now</a></p>`;
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<form id="localAccountForm" method="post" action="${action}" novalidate>
${errorAlert(error)}
<label for="signInName">Email Address</label>
<input type="email" id="signInName" name="signInName" autocomplete="username" value="${escapeHtml(email)}"${autofocus('signInName')}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password"${autofocus('password')}>
${accountLinks ? forgot : ''}
<button id="next" type="submit">Sign in</button>
${accountLinks ? signUp : ''}
</form>
${cancelForm(base)}`,
  );
}

/** Renders the page oidc-provider shows for errors it cannot redirect (bad client, bad redirect_uri). */
export function renderErrorPage(out: { error?: unknown; error_description?: unknown }): string {
  return page(
    'Sorry, but we’re having trouble signing you in.',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p class="error" id="error">${escapeHtml(out.error ?? 'server_error')}</p>
<p id="error_description">${escapeHtml(out.error_description ?? '')}</p>`,
  );
}

/** Renders the page shown after a sign-out without post_logout_redirect_uri. */
export function renderSignedOutPage(): string {
  return page('Signed out', '<h1>You have signed out.</h1>');
}
