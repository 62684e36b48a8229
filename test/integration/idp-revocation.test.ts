// The local provider's (server/idp) revocation endpoint.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID } from '../../server/local.ts';
import { INSECURE, as, client, refresh, tokens, useIdpClient } from '../support/idp-client';

const idp = useIdpClient();

// Issue 18: revocation may refuse a public client.
describe('revocation switch (issue 18)', () => {
  async function metadata(): Promise<Record<string, unknown>> {
    return (await fetch(`${idp.authority}/.well-known/openid-configuration`)).json() as Promise<Record<string, unknown>>;
  }
  async function refreshToken(): Promise<string> {
    const { result } = await tokens();
    return result.refresh_token!;
  }
  const revoke = (token: string) => oauth.revocationRequest(as, client, oauth.None(), token, INSECURE);

  it("'public' (the default) advertises none and lets the public client revoke", async () => {
    const advertised = await metadata();
    expect(advertised.revocation_endpoint_auth_methods_supported).toContain('none');
    expect(advertised.revocation_endpoint_auth_methods_supported).toEqual(advertised.token_endpoint_auth_methods_supported);
    const token = await refreshToken();
    expect((await revoke(token)).status).toBe(200);
    expect((await refresh(token)).status).toBe(400);
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 1, revocationRefused: 0 });
  });

  it("'confidentialOnly' lists no none and answers a public client 401 with an empty body, revoking nothing", async () => {
    idp.controls.set({ revocation: 'confidentialOnly' });
    const methods = (await metadata()).revocation_endpoint_auth_methods_supported;
    expect(methods).not.toContain('none');
    expect(methods).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    const token = await refreshToken();
    const res = await revoke(token);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 0, revocationRefused: 1 });
    expect((await refresh(token)).status).toBe(200);
  });

  it("'confidentialOnly' leaves a request with client credentials to oidc-provider (no confidential client here)", async () => {
    idp.controls.set({ revocation: 'confidentialOnly' });
    const token = await refreshToken();
    const basic = { client_id: CLIENT_ID, token_endpoint_auth_method: 'client_secret_basic' } as const;
    const res = await oauth.revocationRequest(as, basic, oauth.ClientSecretBasic('not-a-secret'), token, INSECURE);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    expect(idp.controls.stats()).toMatchObject({ revocationRequests: 1, revocationRefused: 0 });
    expect((await refresh(token)).status).toBe(200);
  });
});
