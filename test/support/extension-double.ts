/**
 * A browser double for the background's service created in Node (issue 21): WXT's fake browser (storage, alarms,
 * runtime events) with what it lacks: an identity API that walks the real provider's pages, messages that carry a
 * sender the test chooses (a page, a content script in some tab and frame, another extension), host permissions
 * (the manifest's and those granted), and registered content scripts. It keeps every reply the background sends.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ExtensionApi, MessageSender, RegisteredContentScript } from '../../packages/mv3-signin/src/core/browser';
import { REDIRECT_URI } from '../../server/local';
import { createBrowserSession } from './idp-driver';
import { httpAuthFlow } from './idp-client';

/** fakeBrowser's extension id, and the origin of its pages. */
export const EXTENSION_ID = fakeBrowser.runtime.id;
export const EXTENSION_PAGES = `chrome-extension://${EXTENSION_ID}`;

/** Firefox's origin of the extension's pages (a moz-extension:// UUID). */
export const FIREFOX_PAGES = 'moz-extension://6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b';

/** The popup, as the browser describes it to the background (Chrome's pages by default). */
export function popup(pages = EXTENSION_PAGES): MessageSender {
  return { id: EXTENSION_ID, url: `${pages}/popup.html`, origin: pages };
}

/** The popup of a Chrome double. */
export const POPUP = popup();

/** This extension's content script in the top frame of tab `tabId`, on `url`. */
export function contentScript(url: string, tabId = 1, more: Partial<MessageSender> = {}): MessageSender {
  return { id: EXTENSION_ID, url, origin: new URL(url).origin, frameId: 0, tab: { id: tabId, url }, ...more };
}

export interface ExtensionDouble {
  /** For createSignIn({ browser }) and createSignInClient({ browser }). */
  readonly api: ExtensionApi;
  /** Who the client's messages come from, read when a message is sent. Default: the popup. */
  sender: MessageSender;
  /** What the user answers to permissions.request. */
  userAllows: boolean;
  /** The manifest's host_permissions. */
  readonly required: string[];
  /** The host permissions granted at run time. */
  readonly granted: Set<string>;
  /** Every permissions.request that asked the user (one for what was already granted does not), in order. */
  readonly prompts: string[][];
  /** The registered content scripts, by id. */
  readonly scripts: Map<string, RegisteredContentScript>;
  /** Every reply the background sent, in order. */
  readonly replies: unknown[];
}

// `scheme://host[:port]/*` as scheme, host and port ('' for every port).
function parsePattern(pattern: string): { scheme: string; host: string; port: string } | undefined {
  const match = /^(https?):\/\/([^/:*]+|\[[^\]]+\])(?::(\d+))?\/\*$/.exec(pattern);
  return match ? { scheme: match[1]!, host: match[2]!, port: match[3] ?? '' } : undefined;
}

// Chrome's rule: a pattern without a port covers every port of its host.
function covers(granted: string, wanted: string): boolean {
  const [a, b] = [parsePattern(granted), parsePattern(wanted)];
  if (!a || !b) return granted === wanted;
  return a.scheme === b.scheme && a.host === b.host && (a.port === '' || a.port === b.port);
}

/**
 * Calls the background's onMessage listeners as the browser does, with a sendResponse (fakeBrowser's trigger is typed
 * without it). Resolves with what each listener returned (true: it answers later through sendResponse).
 */
export function triggerMessage(
  message: unknown,
  sender: MessageSender,
  sendResponse: (response: unknown) => void,
): Promise<unknown[]> {
  const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
  return trigger(message, sender, sendResponse);
}

/**
 * A fresh double (fakeBrowser reset): nothing granted beyond `required`, no script registered. With `pages`
 * FIREFOX_PAGES, it is Firefox (its pages' origin is how the package tells), and messages come from its popup.
 */
export function extensionDouble(required: readonly string[] = [], pages = EXTENSION_PAGES): ExtensionDouble {
  fakeBrowser.reset();
  const launchWebAuthFlow = httpAuthFlow(createBrowserSession());
  const double: ExtensionDouble = {
    api: undefined as unknown as ExtensionApi,
    sender: popup(pages),
    userAllows: true,
    required: [...required],
    granted: new Set(),
    prompts: [],
    scripts: new Map(),
    replies: [],
  };
  const fake = fakeBrowser as unknown as ExtensionApi;
  const all = () => [...double.required, ...double.granted];
  const api: ExtensionApi = {
    ...fake,
    runtime: {
      ...fake.runtime,
      id: EXTENSION_ID,
      getURL: (path) => `${pages}/${path.replace(/^\//, '')}`,
      getManifest: () => ({ manifest_version: 3, host_permissions: double.required }),
      async sendMessage(message) {
        const sender = double.sender;
        let answer!: (response: unknown) => void;
        const answered = new Promise((resolve) => (answer = resolve));
        const sendResponse = (response: unknown) => {
          double.replies.push(response);
          answer(response);
        };
        const handled = await triggerMessage(message, sender, sendResponse);
        // As Chrome: no listener kept the channel open, no answer.
        return handled.includes(true) ? answered : undefined;
      },
    },
    identity: {
      getRedirectURL: () => REDIRECT_URI,
      launchWebAuthFlow: ({ url, interactive = false }) => launchWebAuthFlow({ url, interactive }),
    },
    permissions: {
      getAll: async () => ({ origins: all() }),
      contains: async ({ origins }) => origins.every((wanted) => all().some((granted) => covers(granted, wanted))),
      async request({ origins }) {
        const covered = (origin: string) => all().some((granted) => covers(granted, origin));
        // As Chrome: what is granted already is granted again without a prompt.
        if (origins.every(covered)) return true;
        double.prompts.push(origins);
        if (!double.userAllows) return false;
        for (const origin of origins) if (!covered(origin)) double.granted.add(origin);
        return true;
      },
      async remove({ origins }) {
        if (origins.some((origin) => double.required.includes(origin)))
          throw new Error('You cannot remove required permissions.');
        for (const origin of origins) double.granted.delete(origin);
        return true;
      },
    },
    scripting: {
      async registerContentScripts(scripts) {
        for (const { id } of scripts) if (double.scripts.has(id)) throw new Error(`Duplicate script ID '${id}'`);
        for (const script of scripts) double.scripts.set(script.id, structuredClone(script));
      },
      async updateContentScripts(scripts) {
        for (const { id } of scripts) if (!double.scripts.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
        for (const script of scripts)
          double.scripts.set(script.id, { ...double.scripts.get(script.id), ...structuredClone(script) });
      },
      getRegisteredContentScripts: async (filter) =>
        [...double.scripts.values()]
          .filter(({ id }) => !filter?.ids || filter.ids.includes(id))
          .map((script) => structuredClone(script)),
      async unregisterContentScripts(filter) {
        const ids = filter?.ids ?? [...double.scripts.keys()];
        for (const id of ids) if (!double.scripts.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
        for (const id of ids) double.scripts.delete(id);
      },
    },
  };
  Object.assign(double, { api });
  return double;
}
