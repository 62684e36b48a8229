import type * as oauth from 'oauth4webapi';
import { defineItem, writeItems, type StorageItem } from '../core/storage-item.js';
import type { UserFlow } from '../settings/config.js';
import type { Failure } from '../core/errors.js';

/**
 * Every stored item, in one place. Secrets (tokens, the PKCE verifier) live only in
 * storage.session: memory only, readable by trusted extension contexts only, gone when the
 * browser closes. Nothing secret ever goes to storage.local.
 */

/**
 * The tokens of the signed-in user. No message carries them and no page reads them; but
 * storage.onChanged hands every extension page their new value (SECURITY.md, the token boundary).
 */
export interface StoredTokens {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessTokenExpiresAt: number;
  /** When to refresh, epoch milliseconds: a margin before the access token expires. */
  readonly refreshAt: number;
  readonly refreshToken?: string;
  /** When the refresh token expires, if the provider said (B2C's refresh_token_expires_in). */
  readonly refreshTokenExpiresAt?: number;
  readonly idToken: string;
  readonly scope?: string;
  /** The ID token's iss, aud and sub at sign-in: a refresh must return the same identity. */
  readonly identity: Identity;
  /** The user flow that issued these tokens: its token endpoint redeems the refresh token. */
  readonly flow: UserFlow;
  /**
   * The settings they were obtained under (settings/fingerprint.ts): under any other settings
   * they are not used, refreshed or sent anywhere, and the session ends.
   */
  readonly settings: string;
  /**
   * The other APIs' access tokens, by API name (the first API's is `accessToken`): each redeemed
   * with the refresh token and that API's scopes when first needed. Kept in the same item, so a
   * rotated refresh token is never stored apart from the token it came with.
   */
  readonly apis?: Readonly<Record<string, ApiToken>>;
}

/** An access token for one API other than the first. */
export interface ApiToken {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly accessTokenExpiresAt: number;
  /** When to refresh it, epoch milliseconds. */
  readonly refreshAt: number;
  readonly scope?: string;
}

export interface Identity {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly sub: string;
}

/** What the popup may see of the user: no secrets. */
export interface Profile {
  readonly sub: string;
  readonly name?: string;
  readonly email?: string;
}

/** A sign-in that has opened (or is about to open) the provider's page. */
export interface SignInTransaction {
  /** The user flow whose authorize endpoint was opened: its token endpoint redeems the code. */
  readonly flow: UserFlow;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

export const tokensItem = defineItem<StoredTokens>('session:tokens');
export const profileItem = defineItem<Profile>('session:profile');
/**
 * When the access token expires, epoch milliseconds: a non-secret copy of the tokens' own, written
 * in the same write as they are, so the popup can show it without reading the tokens.
 */
export const expiresAtItem = defineItem<number>('session:expiresAt');
/** The APIs' names, the first first (not secret): the popup offers "Call <name>" for each before the worker answers. */
export const apisItem = defineItem<readonly string[]>('session:apis');
export const transactionItem = defineItem<SignInTransaction>('session:signInTransaction');
/** What the background wants the popup to say, e.g. why the user was signed out. */
export const noticeItem = defineItem<Failure>('session:notice');
/** How many refreshes in a row failed for a passing reason (network, 5xx, timeout). */
export const refreshFailuresItem = defineItem<number>('session:refreshFailures');
/**
 * Not secret: that this browser had a session, so a silent sign-in is worth trying after a
 * browser restart emptied storage.session. Removed whenever the session ends (a sign-out, or a
 * session that could not go on) and when that silent sign-in fails.
 */
export const hadSessionItem = defineItem<true>('local:hadSession');
/** Bumped by every sign-out and every new session, so results of work started before it are dropped. */
export const generationItem = defineItem<number>('session:generation');
/** One user flow's discovered metadata, and where and when it was found. */
export interface CachedMetadata {
  readonly authority: string;
  readonly fetchedAt: number;
  readonly metadata: Record<string, unknown>;
}
/** Cached provider metadata per user flow (not secret): saves a round trip after the worker restarts. */
export const metadataItem = defineItem<Partial<Record<UserFlow, CachedMetadata>>>('session:metadata');
/**
 * The providers' key sets by jwks_uri (not secret), as oauth4webapi exports them (`jwks`, and `uat`:
 * when fetched): a sign-in after a worker restart needs no second JWKS request while it is fresh.
 */
export const jwksItem = defineItem<Record<string, oauth.ExportedJWKSCache>>('session:jwks');

/** Every item that makes up a session or a sign-in in progress, for a complete sign-out. */
const SESSION_ITEMS: readonly StorageItem<unknown>[] = [
  tokensItem,
  expiresAtItem,
  apisItem,
  profileItem,
  transactionItem,
  refreshFailuresItem,
];

/**
 * Stores a completed sign-in in one write, so there is never half a session; the notice and
 * failure count of the session before go in the same step. It bumps the generation read as
 * `generation`, so a refresh of the session it replaces drops its result. storage.local's
 * had-a-session mark is written only when it is not there yet.
 */
export async function saveSession(
  tokens: StoredTokens,
  profile: Profile,
  generation: number | null,
  apis: readonly string[],
): Promise<void> {
  const marked = hadSessionItem.getValue().then((had) => (had ? undefined : hadSessionItem.setValue(true)));
  await Promise.all([
    writeItems('session', [
      [generationItem, (generation ?? 0) + 1],
      [tokensItem, tokens],
      [expiresAtItem, tokens.accessTokenExpiresAt],
      [apisItem, apis],
      [profileItem, profile],
      [noticeItem, null],
      [refreshFailuresItem, null],
    ]),
    marked,
  ]);
}

/** Stores refreshed tokens (the rotated refresh token among them) and, if it came, the new profile. */
export async function saveRefreshed(tokens: StoredTokens, profile?: Profile): Promise<void> {
  await writeItems('session', [
    [tokensItem, tokens],
    [expiresAtItem, tokens.accessTokenExpiresAt],
    ...(profile ? [[profileItem, profile] as const] : []),
    [refreshFailuresItem, null],
  ]);
}

/**
 * Removes every trace of the session (tokens, profile, pending sign-in, the had-a-session mark)
 * and bumps the generation, so work started before it drops its results.
 */
export async function clearSession(notice?: Failure): Promise<void> {
  const generation = (await generationItem.getValue()) ?? 0;
  await writeItems('session', [
    [generationItem, generation + 1],
    ...SESSION_ITEMS.map((item) => [item, null] as const),
    [noticeItem, notice ?? null],
  ]);
  await hadSessionItem.removeValue();
}
