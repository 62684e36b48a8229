import { escapeHtml } from '../escape-html.ts';
import { page } from './html.ts';

/** What the "Log out" page needs from oidc-provider's end-session step. */
export interface LogoutPageModel {
  /** oidc-provider's end-session confirmation endpoint (`…/oauth2/v2.0/logout/confirm`). */
  readonly action: string;
  /** The one-time value oidc-provider bound to this request in the session; the POST must bring it back. */
  readonly xsrf: string;
}

/**
 * Renders the page the end-session endpoint shows with endSession 'confirm' (OpenID RP-Initiated Logout §2):
 * a heading and `<form id="logoutForm">` whose focused button `#logout` ("Log out") posts `xsrf` and `logout=yes`.
 * Every value is escaped.
 */
export function renderLogoutPage({ action, xsrf }: LogoutPageModel): string {
  return page(
    'Log out',
    `<h1>Do you want to log out?</h1>
<p>You will be signed out of this provider, and then taken back to the application.</p>
<form id="logoutForm" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<input type="hidden" name="logout" value="yes">
<button id="logout" type="submit" autofocus>Log out</button>
</form>`,
  );
}
