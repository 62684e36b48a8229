import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { DemoUser } from '../local.ts';
import type { AccountStore } from './accounts.ts';
import { withUiLocales } from './html.ts';

/** B2C's error descriptions for the ways out of a page that end the flow. */
export const CANCELLED = 'AADB2C90091: The user has cancelled entering self-asserted information.';
export const FORGOT_PASSWORD = 'AADB2C90118: The user has forgotten their password.';

const MAX_FORM_BYTES = 16 * 1024;

/** One request to a page of a running interaction, as the steps see it. */
export interface Interaction {
  readonly ctx: Context;
  readonly provider: Provider;
  readonly accounts: AccountStore;
  readonly details: Awaited<ReturnType<Provider['interactionDetails']>>;
  /** `{policy prefix}/interaction/{uid}`: the page; its actions are `${base}/{action}`. */
  readonly base: string;
}

/** What a page does for one method and action (a GET shows, a POST submits). */
export type Step = (interaction: Interaction) => Promise<void> | void;

/** Answers with a page (200) that names the languages the client asked for (ui_locales). */
export function show({ ctx, details }: Interaction, html: string): void {
  const uiLocales = details.params['ui_locales'];
  ctx.status = 200;
  ctx.type = 'html';
  ctx.body = typeof uiLocales === 'string' ? withUiLocales(html, uiLocales) : html;
}

/** Ends the interaction with `result` and redirects back to oidc-provider, which finishes the authorization. */
export async function finish({ ctx, provider }: Interaction, result: InteractionResults): Promise<void> {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

/** Stores `result` in the interaction without ending it, then shows the page again (a page with two steps). */
export async function remember({ ctx, provider, base }: Interaction, result: InteractionResults): Promise<void> {
  await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(base);
}

/** Returns the user this interaction has signed in (a stored login result) or else the session's, if any. */
export function knownUser({ details, accounts }: Interaction): DemoUser | undefined {
  const accountId = details.result?.login?.accountId ?? details.session?.accountId;
  return accountId === undefined ? undefined : accounts.byId(accountId);
}

/** The cancel action of every page. */
export const cancel: Step = (interaction) => finish(interaction, { error: 'access_denied', error_description: CANCELLED });

/** Reads the posted urlencoded form; answers 413 past 16 KB. */
export async function readForm({ ctx }: Interaction): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) ctx.throw(413, 'form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
