/**
 * The parts of the WebExtension API the package uses, typed structurally so that Chrome's `chrome`,
 * Firefox's `browser`, webextension-polyfill and a test double all fit. Every call is the promise
 * form (Chrome has had it for these APIs since MV3).
 */
export interface StorageArea {
  get(keys?: string | readonly string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | readonly string[]): Promise<void>;
}

/** What an extension context knows of a message's sender. */
export interface MessageSender {
  readonly id?: string;
  readonly url?: string;
  readonly origin?: string;
  readonly frameId?: number;
  readonly documentId?: string;
  readonly tab?: { readonly id?: number; readonly url?: string };
}

interface Event<Listener> {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
}

/** A content script registered at run time (scripting.registerContentScripts), as the package registers it. */
export interface RegisteredContentScript {
  readonly id: string;
  readonly matches?: string[];
  readonly js?: string[];
  readonly css?: string[];
  readonly allFrames?: boolean;
  readonly persistAcrossSessions?: boolean;
  readonly runAt?: 'document_start' | 'document_end' | 'document_idle';
}

export type StorageChanges = Record<string, { newValue?: unknown; oldValue?: unknown }>;

export interface ExtensionApi {
  readonly runtime: {
    readonly id: string;
    getURL(path: string): string;
    getManifest(): unknown;
    sendMessage(message: unknown): Promise<unknown>;
    readonly onMessage: Event<
      (message: unknown, sender: MessageSender, sendResponse: (response: unknown) => void) => boolean | undefined | void
    >;
    readonly onStartup: Event<() => void>;
    readonly onInstalled: Event<() => void>;
  };
  readonly storage: {
    readonly local: StorageArea;
    readonly session: StorageArea;
    readonly managed: StorageArea;
    readonly onChanged: Event<(changes: StorageChanges, areaName: string) => void>;
  };
  readonly identity: {
    getRedirectURL(path?: string): string;
    launchWebAuthFlow(details: {
      url: string;
      interactive?: boolean;
      abortOnLoadForNonInteractive?: boolean;
      timeoutMsForNonInteractive?: number;
    }): Promise<string | undefined>;
  };
  readonly alarms: {
    create(name: string, info: { when?: number; delayInMinutes?: number }): Promise<void> | void;
    clear(name: string): Promise<boolean>;
    readonly onAlarm: Event<(alarm: { name: string }) => void>;
  };
  readonly permissions: {
    getAll(): Promise<{ origins?: string[] }>;
    contains(permissions: { origins: string[] }): Promise<boolean>;
    /** Only in a page, in the first turn of a user gesture (a click handler). */
    request(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
  };
  /**
   * Present with the `scripting` permission, which `createSignIn({ contentScript })` needs (it registers the
   * content script on the sites the user allows).
   */
  readonly scripting?: {
    registerContentScripts(scripts: RegisteredContentScript[]): Promise<unknown>;
    updateContentScripts(scripts: RegisteredContentScript[]): Promise<unknown>;
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredContentScript[]>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
  };
}

declare const globalThis: { browser?: ExtensionApi; chrome?: ExtensionApi };

let override: ExtensionApi | undefined;

/**
 * The extension API in use: the one given to `createSignIn({ browser })`, else Firefox's `browser`,
 * else Chrome's `chrome` (Chrome has no `browser` namespace, Firefox has both).
 */
export function extensionApi(): ExtensionApi {
  const api = override ?? globalThis.browser ?? globalThis.chrome;
  if (!api?.runtime?.id) throw new Error('mv3-signin runs in an extension context (no browser or chrome namespace here).');
  return api;
}

/** @internal Uses `api` from now on (createSignIn's `browser` option; tests). */
export function useExtensionApi(api: ExtensionApi | undefined): void {
  override = api;
}

/** True in Firefox, whose extension pages are moz-extension:// (identity differs: see auth/web-auth-flow.ts). */
export function isFirefox(): boolean {
  return extensionApi().runtime.getURL('/').startsWith('moz-extension:');
}
