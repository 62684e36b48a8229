import { extensionApi } from '../core/browser.js';
import { storageArea } from '../core/storage-item.js';
import type { Failure } from '../core/errors.js';
import type { UserFlow } from '../settings/config.js';
import { apisItem, noticeItem, profileItem, tokensItem, type StoredTokens } from './store.js';

/** What has the provider's window open: the popup names it while it waits. A user flow, or a sign-in with another account. */
export type Journey = UserFlow | 'useAnotherAccount';

/** What the popup knows of the session: never a token. */
export type AuthState =
  | {
      readonly signedIn: false;
      readonly busy: boolean;
      readonly journey?: Journey;
      readonly notice?: Failure;
      /** No usable configuration: the popup offers "Set up" (the options page) instead of "Sign in". */
      readonly needsSetup?: true;
    }
  | {
      readonly signedIn: true;
      readonly busy: boolean;
      readonly journey?: Journey;
      /** What the ID token says of the user: no secrets. */
      readonly user: { readonly name?: string; readonly email?: string };
      /** When the current access token expires, epoch milliseconds. */
      readonly expiresAt: number;
      /** A profile-edit user flow is configured: the popup offers "Edit profile". */
      readonly canEditProfile: boolean;
      /** The APIs' names, the first (the sign-in's) first: the popup offers "Call <name>" for each. */
      readonly apis: readonly string[];
      readonly notice?: Failure;
    };

/**
 * The stored items the popup renders, each named by its storage.session key (PUBLIC_KEYS). None
 * holds a secret, so the popup reads them itself, and watches them, before the worker answers.
 */
export interface PublicSession {
  readonly profile?: { readonly name?: string; readonly email?: string };
  /** When the access token expires, epoch milliseconds. */
  readonly expiresAt?: number;
  /** The APIs' names, the first first. */
  readonly apis?: readonly string[];
  readonly notice?: Failure;
}

/** What only the running background knows: an open window, and the configuration's flows. */
export interface LiveState {
  readonly journey?: Journey;
  readonly canEditProfile: boolean;
  readonly needsSetup?: true;
}

/** The storage.session keys of PublicSession's items (profileItem, expiresAtItem, apisItem, noticeItem); never `tokens`. */
export const PUBLIC_KEYS: (keyof PublicSession)[] = ['profile', 'expiresAt', 'apis', 'notice'];

/** The public items, in one read of the extension's storage.session (a page's read: see SignInOptions.storage). */
export async function readPublicSession(): Promise<PublicSession> {
  return await extensionApi().storage.session.get(PUBLIC_KEYS);
}

/**
 * The public items a storage.session change touched, from their new values (undefined: removed).
 * Only those keys are read; undefined when the change touched none of them.
 */
export function changedPublic(changes: Record<string, { newValue?: unknown }>): PublicSession | undefined {
  const keys = PUBLIC_KEYS.filter((key) => key in changes);
  return keys.length > 0 ? Object.fromEntries(keys.map((key) => [key, changes[key]?.newValue])) : undefined;
}

/** The state from the public items and what the background knows live. */
export function toAuthState({ profile, expiresAt, apis = [], notice }: PublicSession, live: LiveState): AuthState {
  const extra = { ...(notice ? { notice } : {}), ...(live.journey ? { journey: live.journey } : {}) };
  const busy = live.journey !== undefined;
  if (!profile || expiresAt === undefined)
    return { signedIn: false, busy, ...extra, ...(live.needsSetup ? { needsSetup: true } : {}) };
  return {
    signedIn: true,
    busy,
    user: {
      ...(profile.name ? { name: profile.name } : {}),
      ...(profile.email ? { email: profile.email } : {}),
    },
    expiresAt,
    canEditProfile: live.canEditProfile,
    apis,
    ...extra,
  };
}

/** `state` after the public items in `changed` took their new values: what the popup follows. */
export function withStored(state: AuthState, changed: PublicSession): AuthState {
  const session = state.signedIn ? { profile: state.user, expiresAt: state.expiresAt, apis: state.apis } : {};
  return toAuthState(
    { ...session, notice: state.notice, ...changed },
    {
      canEditProfile: state.signedIn && state.canEditProfile,
      ...(state.journey ? { journey: state.journey } : {}),
      ...(!state.signedIn && state.needsSetup ? { needsSetup: true } : {}),
    },
  );
}

/**
 * Reads the public state from storage (signed in only while tokens are stored), with what the
 * background knows live (`journey`: what has a window open, if anything).
 */
export async function readAuthState(live: LiveState): Promise<AuthState> {
  const values = await storageArea('session').get([tokensItem.key, profileItem.key, apisItem.key, noticeItem.key]);
  // The expiry comes from the tokens themselves here: no tokens, not signed in.
  const tokens = values[tokensItem.key] as StoredTokens | undefined;
  return toAuthState({ ...values, expiresAt: tokens?.accessTokenExpiresAt }, live);
}
