import { afterEach, describe, expect, it, vi } from 'vitest';
import { metadataItem, noticeItem, tokensItem } from '../../packages/mv3-signin/src/auth/store';
import { CLIENT_ID } from '../../server/local';
import { harness, JWT_PATTERN, storageDump, useTestIdp } from '../support/idp-client';

// Issue 12, item 8: at sign-out the refresh token is revoked (RFC 7009) where the provider offers
// it, without the user waiting for it; B2C offers no revocation endpoint, and that is skipped.
const idp = useTestIdp();

async function signedIn() {
  const h = harness(idp);
  await h.auth.signIn();
  const refreshToken = (await tokensItem.getValue())?.refreshToken;
  expect(refreshToken).toBeTruthy();
  idp.controls.reset();
  return { auth: h.auth, refreshToken: refreshToken! };
}

/** A refresh grant with `refreshToken`, sent from here (not the extension) to the provider's token endpoint. */
async function redeem(refreshToken: string): Promise<{ status: number; error?: string }> {
  const tokenEndpoint = `${idp.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`;
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID }),
  });
  const body = (await response.json()) as { error?: string };
  return { status: response.status, ...(body.error ? { error: body.error } : {}) };
}

/** Edits the cached sign-in metadata, as a provider with other metadata would have it. */
async function withMetadata(change: (metadata: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const cached = (await metadataItem.getValue())!.signIn!;
  await metadataItem.setValue({ signIn: { ...cached, metadata: change({ ...cached.metadata }) } });
}

const revocations = () => idp.controls.stats().revocationRequests;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('revocation at sign-out (issue 12)', () => {
  it('revokes the refresh token: a refresh grant with it afterwards is invalid_grant', async () => {
    const { auth, refreshToken } = await signedIn();
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    await vi.waitFor(() => expect(revocations()).toBe(1));
    await expect(redeem(refreshToken)).resolves.toEqual({ status: 400, error: 'invalid_grant' });
    expect(await noticeItem.getValue()).toBeNull();
  });

  it('does not make the user wait: the sign-out is answered before the revocation is', async () => {
    const { auth, refreshToken } = await signedIn();
    idp.controls.set({ revocationDelayMs: 1500 });
    const started = Date.now();
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(revocations()).toBe(0);
    expect(await tokensItem.getValue()).toBeNull();
    await vi.waitFor(() => expect(revocations()).toBe(1), { timeout: 5000 });
    await expect(redeem(refreshToken)).resolves.toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('skips it for a provider without a revocation_endpoint (B2C): its refresh token lives on', async () => {
    const { auth, refreshToken } = await signedIn();
    await withMetadata(({ revocation_endpoint: _none, ...metadata }) => metadata);
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    expect(idp.controls.stats().endSessionRequests).toBe(1);
    // Time for a revocation request that should not come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(revocations()).toBe(0);
    expect(await noticeItem.getValue()).toBeNull();
    await expect(redeem(refreshToken)).resolves.toEqual({ status: 200 });
  });

  it('a failed revocation is logged in plain words without the token, and shown nowhere', async () => {
    const { auth, refreshToken } = await signedIn();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await withMetadata((metadata) => ({ ...metadata, revocation_endpoint: `${idp.origin}/no-such-revocation-endpoint` }));
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('Revoking the refresh token failed:', expect.any(String)));
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toContain(refreshToken);
    expect(logged).not.toMatch(JWT_PATTERN);
    expect(await noticeItem.getValue()).toBeNull();
    expect(await auth.getState()).toEqual({ signedIn: false, busy: false });
    expect(await storageDump()).not.toContain(refreshToken);
  });

  // Issue 18, item 5: RFC 8414 — without "none" in revocation_endpoint_auth_methods_supported (or
  // with the field left out: client_secret_basic), a public client cannot revoke, and does not try.
  it.each([
    ['lists no "none"', ['client_secret_basic', 'client_secret_post']],
    ['is left out', undefined],
  ])('skips revocation, with one log line naming the reason, where the auth methods %s', async (_name, methods) => {
    const { auth, refreshToken } = await signedIn();
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    await withMetadata(({ revocation_endpoint_auth_methods_supported: _methods, ...metadata }) => ({
      ...metadata,
      ...(methods ? { revocation_endpoint_auth_methods_supported: methods } : {}),
    }));
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    await vi.waitFor(() => expect(info).toHaveBeenCalledTimes(1));
    expect(info.mock.calls[0]![0]).toMatch(/^Not revoking the refresh token: .*revocation_endpoint_auth_methods_supported/);
    expect(JSON.stringify(info.mock.calls)).not.toContain(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(revocations()).toBe(0);
    expect(await noticeItem.getValue()).toBeNull();
  });
});

// Issue 18, item 5: a real provider that refuses public clients at its revocation endpoint (as
// Glewlwyd does: 401, empty body) says so in its metadata, and gets no request.
describe('a provider that refuses public clients at revocation (issue 18)', () => {
  it('is not asked: one log line says why, nothing shows, and sign-out still ends its session', async () => {
    // Before the sign-in, whose discovery is cached; and again after signedIn() resets the switches.
    idp.controls.set({ revocation: 'confidentialOnly' });
    const { auth } = await signedIn();
    idp.controls.set({ revocation: 'confidentialOnly' });
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(auth.signOut()).resolves.toMatchObject({ signedIn: false });
    await vi.waitFor(() => expect(info).toHaveBeenCalledWith(expect.stringMatching(/^Not revoking the refresh token: /)));
    expect(warn).not.toHaveBeenCalled();
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 0, revocationRefused: 0, endSessionRequests: 1 });
    expect(await noticeItem.getValue()).toBeNull();
  });
});

// Issue 18, item 9: a session that ends without the user's sign-out revokes its refresh token too.
describe('revocation when a session ends on its own (issue 18)', () => {
  it('a refresh that names another user ends the session and revokes the refresh token', async () => {
    const { auth, refreshToken } = await signedIn();
    idp.controls.set({ changeSubOnRefresh: true });
    await expect(auth.getAccessToken({ force: true })).rejects.toMatchObject({ code: 'identity_changed' });
    expect(await tokensItem.getValue()).toBeNull();
    await vi.waitFor(() => expect(revocations()).toBe(1));
    await expect(redeem(refreshToken)).resolves.toMatchObject({ status: 400 });
  });
});
