import * as oauth from 'oauth4webapi';
import type { Settings, UserFlow } from '../settings/config.js';
import { settingsFingerprint } from '../settings/fingerprint.js';
import { SignInError } from '../core/errors.js';
import { atStage } from '../core/error-mapping.js';
import { word } from '../core/words.js';
import { transactionItem, type Profile, type SignInTransaction, type StoredTokens } from './store.js';
import { clientAuth, oauthClient } from './client.js';
import { httpOptions } from '../core/http.js';
import { idTokenClaims, toProfile, toStoredTokens, verifyIdTokenSignature } from './token-set.js';

/** A transaction older than this is not accepted: the user walked away from the sign-in page. */
export const TRANSACTION_TTL_MS = 10 * 60 * 1000;

export interface AuthorizationParameters {
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  /** `none` for a silent sign-in. */
  readonly prompt?: 'none' | 'login';
  /** The language the provider's pages are asked for (OpenID Connect's ui_locales): the extension's own. */
  readonly uiLocales?: string;
}

/** The authorize URL for the code flow with PKCE (S256), state and nonce. */
export function buildAuthorizationUrl(as: oauth.AuthorizationServer, config: Settings, params: AuthorizationParameters): URL {
  if (!as.authorization_endpoint) throw new SignInError('discovery_failed', word('detail_no_authorization_endpoint'));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', params.state);
  url.searchParams.set('nonce', params.nonce);
  if (params.prompt) url.searchParams.set('prompt', params.prompt);
  if (params.uiLocales) url.searchParams.set('ui_locales', params.uiLocales);
  return url;
}

/**
 * Creates a transaction (verifier, state, nonce) for the user flow of `as`, stores it before
 * anything opens, and returns the authorize URL and the transaction (for completeSignIn). Any
 * earlier pending transaction is replaced.
 */
export async function beginSignIn(
  as: oauth.AuthorizationServer,
  config: Settings,
  redirectUri: string,
  options: { flow?: UserFlow; prompt?: 'none' | 'login'; now?: number } = {},
): Promise<{ url: URL; transaction: SignInTransaction }> {
  const transaction: SignInTransaction = {
    flow: options.flow ?? 'signIn',
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri,
    createdAt: options.now ?? Date.now(),
  };
  const codeChallenge = await oauth.calculatePKCECodeChallenge(transaction.codeVerifier);
  // Persist first: the service worker may be stopped while the provider's page is open.
  await transactionItem.setValue(transaction);
  const url = buildAuthorizationUrl(as, config, {
    ...transaction,
    codeChallenge,
    uiLocales: word('language') || undefined,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  return { url, transaction };
}

/**
 * Removes the stored transaction, so a redirect is accepted once.
 *
 * @returns true when it was still `transaction`: no other flow replaced or took it meanwhile.
 */
async function consumeStored(transaction: SignInTransaction): Promise<boolean> {
  // Sent together: storage answers in order, so the read sees the transaction the removal takes.
  const [stored] = await Promise.all([transactionItem.getValue(), transactionItem.removeValue()]);
  return stored?.state === transaction.state;
}

/** The redirect's URL, once its state is the transaction's own and the transaction is not too old. */
async function checkedRedirect(redirectedTo: string, transaction: SignInTransaction, now: number): Promise<URL> {
  const url = await atStage('authorization', () => new URL(redirectedTo));
  const state = url.searchParams.get('state');
  if (!state || transaction.state !== state || now - transaction.createdAt > TRANSACTION_TTL_MS) {
    throw new SignInError('state_mismatch');
  }
  return url;
}

export interface CompletedSignIn {
  readonly tokens: StoredTokens;
  readonly profile: Profile;
}

/**
 * Completes a sign-in (of any user flow: `as` is that flow's metadata) from the URL the provider
 * redirected to and the `transaction` beginSignIn made for it: checks state, iss and errors,
 * redeems the code, and validates the ID token (claims, nonce, and signature against the JWKS).
 * Stores nothing but the removal of the stored transaction, which starts first and has ended
 * whatever the outcome; a result counts only if that copy was still this transaction. The caller
 * saves the result.
 *
 * @throws SignInError for every failure.
 */
export async function completeSignIn(
  as: oauth.AuthorizationServer,
  config: Settings,
  redirectedTo: string,
  transaction: SignInTransaction,
  now = Date.now(),
): Promise<CompletedSignIn> {
  // Not awaited before the code is redeemed: the browser answers storage slowly while it closes
  // the provider's window, and the token request does not need it (npm run bench: the last step).
  const consumed = consumeStored(transaction);
  try {
    const result = await redeem(as, config, await checkedRedirect(redirectedTo, transaction, now), transaction);
    if (!(await consumed)) throw new SignInError('state_mismatch');
    return result;
  } finally {
    await consumed.catch(() => false);
  }
}

async function redeem(
  as: oauth.AuthorizationServer,
  config: Settings,
  url: URL,
  transaction: SignInTransaction,
): Promise<CompletedSignIn> {
  const client = oauthClient(config);
  const params = await atStage('authorization', () => {
    // oauth4webapi rejects id_token/token but not access_token; a code flow response has none.
    if (url.searchParams.has('access_token')) throw new SignInError('response_invalid');
    return oauth.validateAuthResponse(as, client, url, transaction.state);
  });
  return atStage('token', async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      transaction.redirectUri,
      transaction.codeVerifier,
      httpOptions(as.token_endpoint),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: transaction.nonce,
      requireIdToken: true,
    });
    await verifyIdTokenSignature(as, response);
    const claims = idTokenClaims(result);
    return {
      tokens: toStoredTokens(result, claims, Date.now(), {
        flow: transaction.flow,
        settings: settingsFingerprint(config),
      }),
      profile: toProfile(claims),
    };
  });
}
