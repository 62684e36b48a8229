import { extensionApi, type MessageSender } from '../core/browser.js';
import { toSignInError } from '../core/error-mapping.js';
import { failure, type Failure } from '../core/errors.js';
import {
  CONTENT_SCRIPT_MESSAGES,
  VALUE_MESSAGES,
  type ContentScriptMessage,
  type MessageName,
  type Result,
  type ValueMessage,
} from './protocol.js';

/** What the background answers: a value, or the failure (code and words, never the error itself). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: Failure };

/**
 * The background's side. A value arrives as `unknown`, for its handler to check; every handler
 * gets the sender.
 */
export type Handlers = {
  [K in MessageName]: K extends ValueMessage
    ? (value: unknown, sender: MessageSender) => Promise<Result<K>>
    : (sender: MessageSender) => Promise<Result<K>>;
};

/**
 * The background's side for this extension's own content scripts: the messages they may send
 * (`apiFetch`), each checking the sender itself (messaging/content-script.ts, service/site-fetch.ts).
 */
export type ContentScriptHandlers = Pick<Handlers, ContentScriptMessage>;

/** Decides whether a sender may be answered at all. */
export type TrustRule = (sender: MessageSender) => boolean;

/** A parsed message: its name, and the value it carries (still to be checked by its handler). */
export type ParsedMessage = { readonly name: MessageName; readonly value?: unknown };

const takesValue = (name: MessageName): name is ValueMessage => Object.hasOwn(VALUE_MESSAGES, name);

/**
 * A message is `{ type: <name> }`, or `{ type: <name>, value }` for the names Protocol declares a
 * value for, and nothing else.
 */
export function parseMessage(message: unknown, handlers: Handlers): ParsedMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const keys = Object.keys(message).sort().join(',');
  const { type, value } = message as { type?: unknown; value?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
  const name = type as MessageName;
  if (keys !== (takesValue(name) ? 'type,value' : 'type')) return undefined;
  return takesValue(name) ? { name, value } : { name };
}

/**
 * The default trust rule: the extension's own pages only. Content scripts and other extensions
 * fail the id or url check. An extension page opened as a tab has `sender.tab`, so a tab is
 * accepted only when it shows one of the extension's pages too.
 */
export function isOwnPage(sender: MessageSender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId || typeof sender.url !== 'string') return false;
  if (!isUnder(sender.url, extensionOrigin)) return false;
  if (sender.tab === undefined) return true;
  return typeof sender.tab.url !== 'string' || isUnder(sender.tab.url, extensionOrigin);
}

// A string prefix, not URL.origin: Node gives "null" as the origin of chrome-extension:// URLs.
function isUnder(url: string, extensionOrigin: string): boolean {
  return url.startsWith(`${extensionOrigin}/`);
}

/** The trust rule `isOwnPage` for this extension. */
export function ownPages(): TrustRule {
  const api = extensionApi();
  const origin = api.runtime.getURL('/').replace(/\/$/, '');
  return (sender) => isOwnPage(sender, api.runtime.id, origin);
}

const forContentScripts = (name: MessageName): name is ContentScriptMessage => Object.hasOwn(CONTENT_SCRIPT_MESSAGES, name);

/**
 * Answers the messages of `handlers` from senders `trust` accepts (the extension's own pages), and
 * the content-script messages (`apiFetch`) of `contentScripts` from any other sender carrying this
 * extension's id (its content scripts, which `contentScripts` checks further); anything else is
 * left for other listeners, unanswered. Must be called synchronously in the background's first turn.
 */
export function handleMessages(handlers: Handlers, trust: TrustRule = ownPages(), contentScripts?: ContentScriptHandlers): void {
  const api = extensionApi();
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const parsed = parseMessage(message, handlers);
    if (!parsed) return undefined;
    const name = parsed.name;
    let table: Partial<Handlers>;
    if (trust(sender)) table = handlers;
    else if (contentScripts && forContentScripts(name) && sender.id === api.runtime.id) table = contentScripts;
    else return undefined;
    const run = table[name] as (...args: [unknown, MessageSender] | [MessageSender]) => Promise<unknown>;
    // Called in an async function: a handler that throws before its first await is answered too.
    const answer = (async () => (takesValue(name) ? run(parsed.value, sender) : run(sender)))();
    answer.then(
      (value) => sendResponse({ ok: true, value } satisfies Reply<unknown>),
      (err: unknown) => sendResponse({ ok: false, error: failure(toSignInError(err)) } satisfies Reply<unknown>),
    );
    // The answer comes later, through sendResponse (Chrome and Firefox alike).
    return true;
  });
}
