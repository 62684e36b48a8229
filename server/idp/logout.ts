import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ControlState } from './controls.ts';
import { renderSignedOutPage } from './login-page.ts';
import { ROUTES } from './paths.ts';

/**
 * Returns the post-middleware that finishes end_session requests on the server: B2C shows no
 * "do you want to sign out?" page, it ends the session and redirects straight to post_logout_redirect_uri
 * (with state). oidc-provider has already validated the request and rendered its confirmation page
 * (or auto-submit form); this replaces that response.
 *
 * As in B2C, the request may name any registered redirect URI without id_token_hint or client_id, and refresh
 * tokens stay valid after sign-out (they are not bound to the session). Counts end-session requests.
 */
export function createLogoutCompletion(
  state: ControlState,
  redirectUris: readonly string[],
  sessionCookie: { name: string; options: object },
): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== ROUTES.end_session) return next();
    state.stats.endSessionRequests += 1;
    await next();
    const oidcCtx = ctx as unknown as KoaContextWithOIDC;
    if (ctx.status !== 200 || oidcCtx.oidc?.route !== 'end_session') return;
    await oidcCtx.oidc.session?.destroy();
    ctx.cookies.set(sessionCookie.name, null, sessionCookie.options);
    const target = postLogoutTarget(oidcCtx, redirectUris);
    if (target) {
      ctx.status = 303;
      ctx.redirect(target);
    } else {
      ctx.type = 'html';
      ctx.body = renderSignedOutPage();
    }
  };
}

function postLogoutTarget(ctx: KoaContextWithOIDC, redirectUris: readonly string[]): string | undefined {
  const params = (ctx.oidc.params ?? {}) as { post_logout_redirect_uri?: unknown; state?: unknown };
  const requested = params.post_logout_redirect_uri ?? ctx.query.post_logout_redirect_uri;
  if (typeof requested !== 'string' || !redirectUris.includes(requested)) return undefined;
  const url = new URL(requested);
  if (typeof params.state === 'string') url.searchParams.set('state', params.state);
  return url.href;
}
