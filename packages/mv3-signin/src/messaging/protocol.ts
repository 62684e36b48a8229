import type { AuthState } from '../auth/state.js';
import type { CheckFacts } from '../check/facts.js';
import type { ApiResponse, ApiResult } from '../service/api.js';
import type { SaveResult } from '../service/save.js';
import type { SiteAccess } from '../service/sites.js';
import type { SettingsField, SettingsValues, ValuesProblem } from '../settings/fields.js';

/** What an options page shows: the settings in force, what is locked, and the redirect URI. */
export interface SettingsView {
  readonly values: SettingsValues;
  /** Set by an administrator: read-only. */
  readonly locked: readonly SettingsField[];
  /** Why the settings in force are not usable, if they are not. */
  readonly problem?: ValuesProblem;
  /** identity.getRedirectURL(): what to register with the provider. */
  readonly redirectUri: string;
  /** Save can work: the settings source reads saved settings (`layeredSettings`'s default). */
  readonly savable: boolean;
}

/** What `apiFetch` carries: the API's name and a path under its URL (service/api-path.ts). */
export interface ApiFetchRequest {
  readonly api: string;
  readonly path: string;
}

/** What `allowSite` and `disallowSite` carry: the API's name and the site's origin (`https://shop.example`). */
export interface SiteRequest {
  readonly api: string;
  readonly origin: string;
}

/**
 * Every message a page may send the background: its name, the value it carries (only where one
 * is declared) and what it answers. A content script may send `apiFetch` only (CONTENT_SCRIPT_MESSAGES).
 */
export interface Protocol {
  getState: { result: AuthState };
  signIn: { result: AuthState };
  signOut: { result: AuthState };
  useAnotherAccount: { result: AuthState };
  editProfile: { result: AuthState };
  /** Calls the first API through the background. */
  callApi: { result: ApiResult };
  /** Calls the API of that name through the background. */
  callNamedApi: { value: string; result: ApiResult };
  getSettings: { result: SettingsView };
  /** Check: validates the values (locked fields as in force) and reads what the provider says. Stores nothing. */
  checkSettings: { value: SettingsValues; result: CheckFacts };
  /** Save: checks, then stores the values and puts them in force. */
  saveSettings: { value: SettingsValues; result: SaveResult };
  /** GET a path under an API's URL with its token: from a page, or from this extension's content script on an allowed site. */
  apiFetch: { value: ApiFetchRequest; result: ApiResponse };
  /** Records a site (whose host permission the page was just granted) for an API, and registers the content script there. */
  allowSite: { value: SiteRequest; result: boolean };
  /** Takes an API off a site; with none left, the content script and the host permission go too. */
  disallowSite: { value: SiteRequest; result: void };
  /** The sites allowed, and for which APIs. */
  getSites: { result: readonly SiteAccess[] };
}

export type MessageName = keyof Protocol;
/** The names whose message carries a value. */
export type ValueMessage = { [K in MessageName]: Protocol[K] extends { value: unknown } ? K : never }[MessageName];
export type Result<K extends MessageName> = Protocol[K]['result'];
export type Value<K extends ValueMessage> = Protocol[K] extends { value: infer V } ? V : never;

/** The messages that carry a value, at run time: exactly ValueMessage (the `satisfies` checks both ways). */
export const VALUE_MESSAGES = {
  callNamedApi: true,
  checkSettings: true,
  saveSettings: true,
  apiFetch: true,
  allowSite: true,
  disallowSite: true,
} as const satisfies Record<ValueMessage, true>;

/** The messages this extension's own content scripts may send (every other one is for its pages only). */
export const CONTENT_SCRIPT_MESSAGES = { apiFetch: true } as const satisfies Partial<Record<MessageName, true>>;
export type ContentScriptMessage = keyof typeof CONTENT_SCRIPT_MESSAGES;

/** A message as sent: `{ type }`, or `{ type, value }` for a ValueMessage. */
export type Message<K extends MessageName = MessageName> = K extends ValueMessage ? { type: K; value: Value<K> } : { type: K };
