import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { AccountStore } from './accounts.ts';
import { PAGE_CSP } from './html.ts';
import { renderErrorPage, renderLoginPage } from './login-page.ts';
import { INTERACTION_PATH } from './paths.ts';

/** B2C's error descriptions for the two ways out of the sign-in page. */
export const CANCELLED = 'AADB2C90091: The user has cancelled entering self-asserted information.';
export const FORGOT_PASSWORD = 'AADB2C90118: The user has forgotten their password.';

const ROUTE = new RegExp(`^${INTERACTION_PATH}/([\\w-]+)(?:/(login|cancel|forgot))?$`);
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Returns the middleware serving the sign-in page at `{prefix}/interaction/{uid}` and its three actions
 * (login, cancel, forgot). It expects to run after the policy prefix has been stripped from ctx.path.
 */
export function createInteractionRoutes(provider: Provider, accounts: AccountStore): Middleware {
  return async (ctx, next) => {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid, action] = match;
    const base = `${String(ctx.mountPath ?? '')}${INTERACTION_PATH}/${uid}`;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', PAGE_CSP);
    try {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.uid !== uid) throw new Error('interaction cookie does not match the page');
      switch (`${ctx.method} ${action ?? ''}`) {
        case 'GET ':
          return showLogin(ctx, base);
        case 'POST login':
          return await submitLogin(ctx, provider, accounts, base);
        case 'POST cancel':
          return await finish(ctx, provider, { error: 'access_denied', error_description: CANCELLED });
        case 'GET forgot':
          return await finish(ctx, provider, { error: 'access_denied', error_description: FORGOT_PASSWORD });
        default:
          ctx.status = 405;
          return undefined;
      }
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
  };
}

type Ctx = Parameters<Middleware>[0];

function showLogin(ctx: Ctx, base: string, email?: string, error?: string): void {
  ctx.status = 200;
  ctx.type = 'html';
  ctx.body = renderLoginPage({ base, email, error });
}

async function submitLogin(ctx: Ctx, provider: Provider, accounts: AccountStore, base: string): Promise<void> {
  const form = await readForm(ctx);
  const email = form.get('signInName') ?? '';
  const user = accounts.verify(email, form.get('password') ?? '');
  if (!user) {
    const known = accounts.hasEmail(email);
    return showLogin(ctx, base, email, known ? 'Your password is incorrect.' : "We can't seem to find your account.");
  }
  return finish(ctx, provider, { login: { accountId: user.oid } });
}

async function finish(ctx: Ctx, provider: Provider, result: Parameters<Provider['interactionResult']>[2]): Promise<void> {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

async function readForm(ctx: Ctx): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
