import { browser, type Browser } from 'wxt/browser';
import { toAppError } from './error-mapping';
import { failure } from './errors';
import type { Handlers, MessageName, Reply } from './messages';

/** A parsed message: its name, and the value it carries (still to be checked by its handler). */
export type ParsedMessage = { readonly name: MessageName; readonly value?: unknown };

/**
 * A message is `{ type: <name> }`, or `{ type: <name>, value }` for the names that take one, and
 * nothing else. The names are the handlers' own keys, so they are written once (in Protocol, which
 * Handlers makes the background implement); a name takes a value when its handler declares the
 * parameter that Handlers gives exactly those names.
 */
export function parseMessage(message: unknown, handlers: Handlers): ParsedMessage | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const keys = Object.keys(message).sort().join(',');
  const { type, value } = message as { type?: unknown; value?: unknown };
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
  const name = type as MessageName;
  const takesValue = handlers[name].length > 0;
  if (keys !== (takesValue ? 'type,value' : 'type')) return undefined;
  return takesValue ? { name, value } : { name };
}

/**
 * True only for the extension's own pages. Content scripts and other extensions fail the id or
 * url check. An extension page opened as a tab (popup.html in a tab) has `sender.tab`, so a tab
 * is accepted only when it shows one of our pages too.
 */
export function isTrustedSender(sender: Browser.runtime.MessageSender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId || typeof sender.url !== 'string') return false;
  if (!isOwnPage(sender.url, extensionOrigin)) return false;
  if (sender.tab === undefined) return true;
  return typeof sender.tab.url !== 'string' || isOwnPage(sender.tab.url, extensionOrigin);
}

// A string prefix, not URL.origin: Node (and so the unit tests) gives "null" as the origin of
// chrome-extension:// URLs.
function isOwnPage(url: string, extensionOrigin: string): boolean {
  return url.startsWith(`${extensionOrigin}/`);
}

/**
 * Answers messages from the extension's own pages with `handlers`. Anything else is ignored.
 * Must be called synchronously in the background's main.
 */
export function handleMessages(handlers: Handlers): void {
  const origin = browser.runtime.getURL('/').replace(/\/$/, '');
  // webextension-polyfill: a listener answers by returning a promise; `undefined` means no answer.
  // (WXT's types are Chrome's callback-style ones, which do not know that.)
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Reply<unknown>> | undefined => {
    const parsed = parseMessage(message, handlers);
    if (!parsed || !isTrustedSender(sender, browser.runtime.id, origin)) return undefined;
    // Each handler checks its own value (e.g. isConfigValues): here it is still unknown.
    const handler = handlers[parsed.name] as (value?: unknown) => Promise<unknown>;
    return handler(parsed.value).then(
      (value): Reply<unknown> => ({ ok: true, value }),
      (err: unknown): Reply<unknown> => ({ ok: false, error: failure(toAppError(err)) }),
    );
  });
}
