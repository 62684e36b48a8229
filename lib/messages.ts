import { browser } from 'wxt/browser';
import type { AuthState } from './auth-state';
import type { DiscoveryRead } from './discovery-read';
import type { RedirectVerdict } from './auth/redirect-probe';
import type { ConfigField, ConfigValues, ValuesProblem } from './config-fields';
import { failure, type ErrorCode, type Failure } from './errors';

/** The result of a call to the protected API, as the popup sees it: never the token. */
export interface ApiResult {
  readonly status: number;
  /** The response body: parsed JSON, or text. */
  readonly body: unknown;
}

/** What the options page shows: the settings in force, what is locked, and the redirect URI. */
export interface SettingsView {
  readonly values: ConfigValues;
  /** Set by an administrator: read-only. */
  readonly locked: readonly ConfigField[];
  /** Why the settings in force are not usable, if they are not. */
  readonly problem?: ValuesProblem;
  /** identity.getRedirectURL(): what to register with the provider. */
  readonly redirectUri: string;
}

/** Message name -> (argument) => result. */
export interface Protocol {
  getState(): AuthState;
  signIn(): AuthState;
  signOut(): AuthState;
  useAnotherAccount(): AuthState;
  editProfile(): AuthState;
  callApi(): ApiResult;
  getSettings(): SettingsView;
  /** Re-reads the settings after the options page saved them, and applies them at once. */
  applySettings(): SettingsView;
  /** "Check"'s requests, made by the background with sign-in's limits (lib/check-facts.ts). */
  readDiscovery(authority: string): DiscoveryRead;
  probeCors(url: string): boolean;
  /** Whether the provider accepts the extension's redirect URI (lib/redirect-check.ts); the URI is the background's own. */
  checkRedirect(check: { authorizationEndpoint: string; clientId: string }): RedirectVerdict;
}

export type MessageName = keyof Protocol;
/**
 * The background's side: a value arrives as `unknown`, for its handler to check. A handler of a
 * message with a value declares that parameter: lib/message-handler.ts accepts `{ type, value }`
 * for it, and `{ type }` alone for the others.
 */
export type Handlers = {
  [K in MessageName]: (...args: Parameters<Protocol[K]> extends [] ? [] : [value: unknown]) => Promise<ReturnType<Protocol[K]>>;
};

/** What the background answers: a value, or the failure (code and message, never the error itself). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: Failure };

/**
 * The background's failure, as a page receives it: the code and the message to show, already in
 * plain words: what the background says, or `no_answer`'s words when it said nothing.
 */
export class ReplyError extends Error implements Failure {
  readonly code: ErrorCode;

  constructor({ code, message }: Failure) {
    super(message);
    this.name = 'ReplyError';
    this.code = code;
  }
}

/**
 * Sends a message to the background and unwraps the reply.
 *
 * @throws ReplyError with the background's code and message, or `no_answer`'s when there was no
 *   reply (no background listening, e.g. while the extension reloads).
 */
export async function sendMessage<K extends MessageName>(
  type: K,
  ...args: Parameters<Protocol[K]>
): Promise<ReturnType<Protocol[K]>> {
  const message = args.length > 0 ? { type, value: args[0] } : { type };
  const reply = await browser.runtime
    .sendMessage<typeof message, Reply<ReturnType<Protocol[K]>> | undefined>(message)
    .catch(() => undefined);
  if (!reply) throw new ReplyError(failure('no_answer'));
  if (reply.ok) return reply.value;
  throw new ReplyError(reply.error);
}
