import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { AccountStore } from './accounts.ts';
import { PAGE_CSP } from './html.ts';
import { cancel, type Interaction, type Step } from './interaction-kit.ts';
import { renderErrorPage } from './login-page.ts';
import { flowOf, INTERACTION_PATH, type Flow, type FlowKind } from './paths.ts';
import {
  showPasswordReset,
  showProfileEdit,
  submitPasswordReset,
  submitProfileEdit,
  submitProfileEditSignIn,
} from './self-service-steps.ts';
import { forgotPassword, showSignIn, showSignUp, submitSignIn, submitSignUp } from './sign-in-steps.ts';

export { CANCELLED, FORGOT_PASSWORD } from './interaction-kit.ts';

const ROUTE = new RegExp(`^${INTERACTION_PATH}/([\\w-]+)(?:/([a-z]+))?$`);

/** What each flow's pages answer, by `${method} ${action}` (the page itself has the empty action). */
const STEPS: Readonly<Record<FlowKind, Readonly<Record<string, Step>>>> = {
  signIn: {
    'GET ': showSignIn,
    'POST login': submitSignIn,
    'GET forgot': forgotPassword,
    'GET signup': showSignUp,
    'POST signup': submitSignUp,
    'POST cancel': cancel,
  },
  resetPassword: { 'GET ': showPasswordReset, 'POST reset': submitPasswordReset, 'POST cancel': cancel },
  editProfile: {
    'GET ': showProfileEdit,
    'POST login': submitProfileEditSignIn,
    'POST edit': submitProfileEdit,
    'POST cancel': cancel,
  },
};

/**
 * Returns the middleware serving the pages of every user flow at `{policy prefix}/interaction/{uid}` and their
 * actions (`…/{uid}/{login,cancel,forgot,signup,reset,edit}`, as the flow allows). The page depends on the flow
 * the request is mounted under. It expects to run after mount.ts has stripped the policy prefix from ctx.path.
 */
export function createInteractionRoutes(provider: Provider, accounts: AccountStore, flows: readonly Flow[]): Middleware {
  return async (ctx, next) => {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid, action = ''] = match;
    const base = `${String(ctx.mountPath)}${INTERACTION_PATH}/${uid}`;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', PAGE_CSP);
    const step = STEPS[flowOf(flows, ctx).kind][`${ctx.method} ${action}`];
    if (!step) {
      ctx.status = 405;
      return undefined;
    }
    let details: Interaction['details'];
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) throw new Error('interaction cookie does not match the page');
    } catch {
      // A missing or stale interaction cookie: B2C shows a generic error page here too.
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = renderErrorPage({
        error: 'invalid_request',
        error_description: 'The sign-in session has expired. Start again.',
      });
      return undefined;
    }
    return step({ ctx, provider, accounts, details, base });
  };
}
