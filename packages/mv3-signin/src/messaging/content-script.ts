import type { MessageSender } from '../core/browser.js';
import { httpOrigin } from '../core/url.js';

/** Where a content script's message comes from: its tab, and the origin of the page it runs in. */
export interface ContentScriptSender {
  readonly tabId: number;
  readonly origin: string;
}

/**
 * The tab and origin of a message from this extension's own content script, in the top frame of
 * an http(s) page; undefined for any other sender. The checks: `sender.id` is this extension's id;
 * `sender.tab.id` is a tab's (a number, not -1); `sender.frameId` is 0 (the top frame: a frame of
 * another origin inside an allowed page is not that page); `sender.url` is http(s), and its origin
 * is the tab URL's origin when the browser gives the tab URL, and `sender.origin` when it gives
 * one (a sandboxed document's origin is "null": it is not the site's).
 *
 * Whether that origin is allowed for the API asked for is the background's next question
 * (service/sites.ts): this function knows the sender only.
 */
export function contentScriptSender(sender: MessageSender, extensionId: string): ContentScriptSender | undefined {
  const tabId = sender.tab?.id;
  if (sender.id !== extensionId || typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return undefined;
  if (sender.frameId !== 0 || typeof sender.url !== 'string') return undefined;
  const origin = httpOrigin(sender.url);
  if (!origin) return undefined;
  if (sender.origin !== undefined && sender.origin !== origin) return undefined;
  const tabUrl = sender.tab?.url;
  if (tabUrl !== undefined && httpOrigin(tabUrl) !== origin) return undefined;
  return { tabId, origin };
}
