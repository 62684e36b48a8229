import type { AuthState } from '../auth/state.js';
import type { CheckFacts } from '../check/facts.js';
import type { ApiResult } from '../service/api.js';
import type { SaveResult } from '../service/save.js';
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

/**
 * Every message a page may send the background: its name, the value it carries (only where one
 * is declared) and what it answers.
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
}

export type MessageName = keyof Protocol;
/** The names whose message carries a value. */
export type ValueMessage = { [K in MessageName]: Protocol[K] extends { value: unknown } ? K : never }[MessageName];
export type Result<K extends MessageName> = Protocol[K]['result'];
export type Value<K extends ValueMessage> = Protocol[K] extends { value: infer V } ? V : never;

/** The messages that carry a value, at run time: exactly ValueMessage (the `satisfies` checks both ways). */
export const VALUE_MESSAGES = { callNamedApi: true, checkSettings: true, saveSettings: true } as const satisfies Record<
  ValueMessage,
  true
>;

/** A message as sent: `{ type }`, or `{ type, value }` for a ValueMessage. */
export type Message<K extends MessageName = MessageName> = K extends ValueMessage ? { type: K; value: Value<K> } : { type: K };
