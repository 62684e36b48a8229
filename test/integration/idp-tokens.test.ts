// The local provider's (server/idp) token endpoint after sign-in: refresh token rotation and its switches, and
// token lifetimes.
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { API_APP_ID } from '../../server/local.ts';
import {
  ALICE as alice,
  INSECURE,
  SCOPE,
  as,
  client,
  rawTokenResponse,
  refresh,
  secrets,
  tokens,
  useIdpClient,
  verifyWithJwks,
} from '../support/idp-client';

const idp = useIdpClient();

describe('refresh tokens', () => {
  it('rotates on every use; reusing one is invalid_grant and counted', async () => {
    const { result } = await tokens();
    const first = result.refresh_token!;
    const second = await oauth.processRefreshTokenResponse(as, client, await refresh(first));
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first);
    expect(decodeJwt(second.id_token!).sub).toBe(alice.oid);
    secrets.add(second.refresh_token!);
    const reuse = await refresh(first);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    expect(idp.controls.stats()).toMatchObject({
      refreshTokenReuse: 1,
      tokenRequests: { authorization_code: 1, refresh_token: 2 },
    });
  });

  it('accepts the scope parameter B2C clients send on refresh', async () => {
    const { result } = await tokens();
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), result.refresh_token!, {
      ...INSECURE,
      additionalParameters: { scope: SCOPE },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      refresh_token_expires_in: expect.any(Number),
      profile_info: expect.any(String),
      id_token_expires_in: 3600,
    });
    expect(decodeJwt(String(body.access_token)).aud).toBe(API_APP_ID);
  });

  it('revokeGrants makes the next refresh invalid_grant', async () => {
    const { result } = await tokens();
    await idp.controls.revokeGrants();
    const response = await refresh(result.refresh_token!);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refreshFailures answers 503 temporarily_unavailable N times, then works with the same token', async () => {
    const { result } = await tokens();
    idp.controls.set({ refreshFailures: 2 });
    for (let i = 0; i < 2; i += 1) {
      const failed = await refresh(result.refresh_token!);
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable' });
    }
    const ok = await refresh(result.refresh_token!);
    expect(ok.status).toBe(200);
  });

  it('changeSubOnRefresh gives the refreshed ID token another sub, validly signed', async () => {
    const { result } = await tokens();
    idp.controls.set({ changeSubOnRefresh: true });
    const body = (await (await refresh(result.refresh_token!)).json()) as { id_token: string };
    const { payload } = await verifyWithJwks(body.id_token);
    expect(payload.sub).not.toBe(alice.oid);
    expect(payload.iss).toBe(idp.issuer);
  });
});

describe('token lifetimes', () => {
  it('accessTokenTtl and idTokenTtl switch the lifetimes', async () => {
    idp.controls.set({ accessTokenTtl: 120, idTokenTtl: 300 });
    const { result } = await tokens();
    expect(result.expires_in).toBe(120);
    const access = decodeJwt(result.access_token);
    expect(access.exp! - access.iat!).toBe(120);
    const id = decodeJwt(result.id_token!);
    expect(id.exp! - id.iat!).toBe(300);
  });
});

describe('refresh token lifetime', () => {
  it('refreshTokenTtl sets the lifetime of new refresh tokens; rotation keeps what is left', async () => {
    idp.controls.set({ refreshTokenTtl: 120 });
    const { response } = await rawTokenResponse();
    const body = (await response.json()) as { refresh_token: string; refresh_token_expires_in: number };
    secrets.add(body.refresh_token);
    expect(body.refresh_token_expires_in).toBeGreaterThan(115);
    expect(body.refresh_token_expires_in).toBeLessThanOrEqual(120);
    idp.controls.set({ refreshTokenTtl: 3600 });
    const rotated = (await (await refresh(body.refresh_token)).json()) as { refresh_token_expires_in: number };
    expect(rotated.refresh_token_expires_in).toBeLessThanOrEqual(120);
  });

  it('an expired refresh token answers invalid_grant with AADB2C90080', async () => {
    idp.controls.set({ refreshTokenTtl: 1 });
    const { result } = await tokens();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await refresh(result.refresh_token!);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'AADB2C90080: The provided grant has expired. Please re-authenticate and try again.',
    });
    // An unknown refresh token is still a plain invalid_grant.
    const unknown = (await (await refresh('not-a-refresh-token')).json()) as { error_description?: string };
    expect(unknown.error_description).not.toMatch(/AADB2C90080/);
  });
});
