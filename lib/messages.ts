import { browser } from 'wxt/browser';
import type { AuthState } from './auth-state';
import type { ErrorCode } from './errors';

/** The result of a call to the protected API, as the popup sees it: never the token. */
export interface ApiResult {
  readonly status: number;
  /** The response body: parsed JSON, or text. */
  readonly body: unknown;
}

/** Message name -> (argument) => result. */
export interface Protocol {
  getState(): AuthState;
  signIn(): AuthState;
  signOut(): AuthState;
  useAnotherAccount(): AuthState;
  editProfile(): AuthState;
  callApi(): ApiResult;
}

export type MessageName = keyof Protocol;
export type Handlers = { [K in MessageName]: () => Promise<ReturnType<Protocol[K]>> };

/** What the background answers: a value, or an error cut down to code and message. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/**
 * The storage.session keys the popup watches to follow the session (who is signed in, what the
 * background last noted). Neither holds a secret. lib/session.ts stores them.
 */
export const POPUP_WATCHED_KEYS: readonly string[] = ['profile', 'notice'];

/**
 * The background's error, as the popup receives it: the code and the message to show, already in
 * plain words. (The popup does not load the error table: it only shows what the background says.)
 */
export class ReplyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ReplyError';
    this.code = code;
  }
}

/**
 * Sends a message to the background and unwraps the reply.
 *
 * @throws ReplyError with the background's code and message.
 */
export async function sendMessage<K extends MessageName>(type: K): Promise<ReturnType<Protocol[K]>> {
  const reply = await browser.runtime.sendMessage<{ type: K }, Reply<ReturnType<Protocol[K]>> | undefined>({ type });
  if (!reply) throw new ReplyError('internal', 'The extension did not answer. Please try again.');
  if (reply.ok) return reply.value;
  throw new ReplyError(reply.error.code, String(reply.error.message));
}
