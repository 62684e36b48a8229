import type { Middleware, ParameterizedContext } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ControlState } from './controls.ts';
import { renderSignedOutPage } from './login-page.ts';
import { renderLogoutPage } from './logout-page.ts';
import { END_SESSION_CONFIRM_PATH, ROUTES } from './paths.ts';
import { PAGE_CSP } from './html.ts';

/** oidc-provider's `features.rpInitiatedLogout.logoutSource`: what the end-session GET shows a signed-in user. */
export type LogoutSource = (ctx: KoaContextWithOIDC) => Promise<void>;

/** The two halves of the end-session endpoint: oidc-provider's page hook and the middleware around it. */
export interface Logout {
  readonly source: LogoutSource;
  readonly completion: Middleware;
}

/**
 * Returns the end-session behaviour. With endSession 'redirect' (B2C) there is no "do you want to sign out?"
 * page: `completion`, a post-middleware, replaces oidc-provider's response (its page, or its self-submitting form
 * when the session has no user) by ending the session and redirecting to post_logout_redirect_uri (with state).
 *
 * With 'confirm' (OpenID RP-Initiated Logout §2), `source` renders the "Log out" page for a signed-in user and
 * the session lives on; its form posts to oidc-provider's confirmation endpoint with the one-time xsrf value
 * oidc-provider bound to this request, and oidc-provider then ends the session and redirects (303). A session
 * without a user is still redirected at once: there is nothing to confirm.
 *
 * As in B2C, the request may name any registered redirect URI without id_token_hint or client_id, and refresh
 * tokens stay valid after sign-out (they are not bound to the session). Counts end-session requests and
 * confirmed sign-outs.
 */
export function createLogout(
  state: ControlState,
  redirectUris: readonly string[],
  sessionCookie: { name: string; options: object },
): Logout {
  const confirming = new WeakSet<object>();
  const source: LogoutSource = async (ctx) => {
    ctx.status = 200;
    // With 'redirect', completion replaces this response with the redirect, so nothing is rendered here.
    if (state.switches.endSession !== 'confirm' || !ctx.oidc.session?.state) return;
    // oidc-provider keeps post_logout_redirect_uri only with id_token_hint or client_id; B2C takes any registered one.
    ctx.oidc.session.state.postLogoutRedirectUri = requestedRedirectUri(ctx, redirectUris);
    confirming.add(ctx);
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.type = 'html';
    ctx.body = renderLogoutPage({ action: ctx.oidc.urlFor('end_session_confirm'), xsrf: String(ctx.oidc.session.state.secret) });
  };
  const completion: Middleware = async (ctx, next) => {
    if (ctx.path === END_SESSION_CONFIRM_PATH) return countConfirmation(ctx, next, state);
    if (ctx.path !== ROUTES.end_session) return next();
    state.stats.endSessionRequests += 1;
    await next();
    const oidcCtx = ctx as unknown as KoaContextWithOIDC;
    if (ctx.status !== 200 || oidcCtx.oidc?.route !== 'end_session' || confirming.has(ctx)) return undefined;
    await oidcCtx.oidc.session?.destroy();
    ctx.cookies.set(sessionCookie.name, null, sessionCookie.options);
    const target = requestedRedirectUri(oidcCtx, redirectUris);
    if (target) {
      ctx.status = 303;
      ctx.redirect(withState(target, oidcCtx));
    } else {
      ctx.type = 'html';
      ctx.body = renderSignedOutPage();
    }
    return undefined;
  };
  return { source, completion };
}

// oidc-provider ends the session (logout=yes, after its xsrf check) and answers 303.
async function countConfirmation(ctx: ParameterizedContext, next: () => Promise<unknown>, state: ControlState) {
  await next();
  const params = (ctx as unknown as KoaContextWithOIDC).oidc?.params;
  if (ctx.method === 'POST' && ctx.status === 303 && params?.logout) state.stats.endSessionConfirmations += 1;
}

function requestedRedirectUri(ctx: KoaContextWithOIDC, redirectUris: readonly string[]): string | undefined {
  const params = (ctx.oidc.params ?? {}) as { post_logout_redirect_uri?: unknown };
  const requested = params.post_logout_redirect_uri ?? ctx.query.post_logout_redirect_uri;
  return typeof requested === 'string' && redirectUris.includes(requested) ? requested : undefined;
}

function withState(target: string, ctx: KoaContextWithOIDC): string {
  const { state } = (ctx.oidc.params ?? {}) as { state?: unknown };
  const url = new URL(target);
  if (typeof state === 'string') url.searchParams.set('state', state);
  return url.href;
}
