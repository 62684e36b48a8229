import { afterEach, describe, expect, it, vi } from 'vitest';
import { metadataItem, noticeItem, tokensItem } from '../../lib/session';
import { CLIENT_ID } from '../../server/local';
import { harness, JWT_PATTERN, storageDump, useTestIdp } from './support';

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
});
