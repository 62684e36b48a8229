import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expect } from 'vitest';
import type { Auth, LaunchWebAuthFlow } from '../../packages/mv3-signin/src/auth/index';
import { SignInError, userMessage } from '../../packages/mv3-signin/src/core/errors';
import { useLimits, type Limits } from '../../packages/mv3-signin/src/core/http';
import { jwksItem, metadataItem, noticeItem, tokensItem, transactionItem } from '../../packages/mv3-signin/src/auth/store';
import type { Idp } from '../../server/idp';
import { isPlainMessage, type HostileCase } from '../support/hostile-cases';
import { ALICE, harness, httpAuthFlow, JWT_PATTERN } from '../support/idp-client';

/** Session items a failed sign-in may change: the notice it leaves, the metadata and key sets it may fetch again. */
const MAY_CHANGE = new Set([noticeItem.key, metadataItem.key, jwksItem.key]);

export interface SignedIn {
  readonly auth: Auth;
  /** Replaces what launchWebAuthFlow does from now on; `normal()` puts the real login back. */
  setFlow(flow: LaunchWebAuthFlow): void;
  normal(): void;
}

/** A fresh install that has really signed in as Alice; the provider's stats are zeroed after it. */
export async function signedInHarness(idp: Idp): Promise<SignedIn> {
  let flow: LaunchWebAuthFlow | undefined;
  let normal: LaunchWebAuthFlow | undefined;
  const { auth } = harness(idp, {
    flow: (browser) => {
      normal = httpAuthFlow(browser, ALICE);
      return (details) => (flow ?? normal!)(details);
    },
  });
  await expect(auth.signIn()).resolves.toMatchObject({ signedIn: true, user: { name: ALICE.name } });
  idp.controls.reset();
  return {
    auth,
    setFlow: (next) => {
      flow = next;
    },
    normal: () => {
      flow = undefined;
    },
  };
}

export interface StorageSnapshot {
  readonly session: Record<string, unknown>;
  readonly local: Record<string, unknown>;
  readonly tokens: string;
}

export async function snapshot(): Promise<StorageSnapshot> {
  return {
    session: await fakeBrowser.storage.session.get(null),
    local: await fakeBrowser.storage.local.get(null),
    tokens: JSON.stringify(await tokensItem.getValue()),
  };
}

/**
 * Drops the cached provider metadata and key sets (storage.session "metadata" and "jwks"), not
 * the session, so the next sign-in runs discovery and fetches the keys again: the discovery and
 * ID token cases need that, as the first sign-in cached them.
 */
export async function dropCachedProvider(): Promise<void> {
  await metadataItem.removeValue();
  await jwksItem.removeValue();
  expect(await metadataItem.getValue()).toBeNull();
}

/**
 * Asserts everything issue 5 asks of a failed sign-in: the code, a plain message, the earlier
 * session untouched byte for byte, no new token anywhere in storage, no pending transaction, and
 * no token request when the failure comes before the exchange.
 */
export async function expectFailedClosed(
  idp: Idp,
  auth: Auth,
  before: StorageSnapshot,
  error: unknown,
  expected: Pick<HostileCase, 'expectedCode' | 'beforeExchange' | 'withDetail'>,
): Promise<void> {
  expect(error).toBeInstanceOf(SignInError);
  const appError = error as SignInError;
  expect(appError.code).toBe(expected.expectedCode);
  expectPlainMessage(appError.message, expected);

  const after = await snapshot();
  expect(after.tokens).toBe(before.tokens);
  expect(after.local).toEqual(before.local);
  for (const key of new Set([...Object.keys(before.session), ...Object.keys(after.session)])) {
    if (!MAY_CHANGE.has(key))
      expect(JSON.stringify(after.session[key]), `storage.session "${key}"`).toBe(JSON.stringify(before.session[key]));
  }
  const known = new Set(jwtsIn(before));
  expect(jwtsIn(after).filter((jwt) => !known.has(jwt))).toEqual([]);
  expect(JSON.stringify(after)).not.toContain('injected-access-token');
  expect(await transactionItem.getValue()).toBeNull();

  const state = await auth.getState();
  expect(state).toMatchObject({ signedIn: true, user: { name: ALICE.name }, notice: { code: expected.expectedCode } });
  expectPlainMessage(state.notice!.message, expected);

  expect(idp.controls.stats().tokenRequests.authorization_code).toBe(expected.beforeExchange ? 0 : 1);
}

/**
 * The message is userMessage(code), plus, where the case says so, the provider's words in
 * brackets. Those are shown as text (the e2e test checks they never become markup), so only the
 * extension's own part is held to "no markup".
 */
export function expectPlainMessage(message: string, expected: Pick<HostileCase, 'expectedCode' | 'withDetail'>): void {
  const own = userMessage(expected.expectedCode);
  if (expected.withDetail) {
    expect(message.startsWith(`${own} (`)).toBe(true);
    expect(message.endsWith(')')).toBe(true);
    expect(message).not.toMatch(/\n/);
  } else {
    expect(message).toBe(own);
  }
  expect(isPlainMessage(own)).toBe(true);
  expect(message).not.toMatch(/^\s*at\s/m);
  expect(message).not.toMatch(/\b\w*Error:/);
  expect(message).not.toMatch(JWT_PATTERN);
}

function jwtsIn(value: StorageSnapshot): string[] {
  const text = JSON.stringify([value.session, value.local]);
  return [...text.matchAll(new RegExp(JWT_PATTERN.source, 'g'))].map((m) => m[0]);
}

/** Runs `fn`, which must reject, and returns what it rejected with. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the sign-in to fail, but it succeeded');
}

/**
 * Signs in for real, sets the case's switches, signs in again and checks that the failure was
 * closed. Discovery and ID token cases drop what the first sign-in cached (see dropCachedProvider).
 * `limits` hold for the second sign-in only (e.g. a short timeout for a provider that never answers).
 */
export async function runHostileCase(idp: Idp, hostile: HostileCase, limits?: Partial<Limits>): Promise<void> {
  const { auth } = await signedInHarness(idp);
  if (hostile.group === 'discovery' || hostile.group === 'id-token') await dropCachedProvider();
  const before = await snapshot();
  idp.controls.set(hostile.switches);
  useLimits(limits);
  try {
    const error = await rejectionOf(() => auth.signIn());
    await expectFailedClosed(idp, auth, before, error, hostile);
  } finally {
    useLimits();
  }
}
