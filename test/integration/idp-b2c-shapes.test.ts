// The local provider (server/idp) in B2C's shapes: its discovery document and keys, the code flow with PKCE and the
// tokens it issues.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { API_APP_ID, API_SCOPE, CLIENT_ID, POLICY, REDIRECT_URI, TENANT_ID } from '../../server/local.ts';
import { createBrowserSession } from '../support/idp-driver.ts';
import {
  ALICE as alice,
  BOB as bob,
  NONAME as noname,
  as,
  client,
  exchange,
  jwks,
  signIn,
  startFlow,
  tokens,
  useIdpClient,
  verifyWithJwks,
} from '../support/idp-client';

const idp = useIdpClient();

describe('B2C shapes', () => {
  it('serves B2C-shaped discovery whose issuer differs from the discovery URL', async () => {
    const metadata = (await (await fetch(`${idp.authority}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    const prefix = `${idp.origin}/b2cdemo.onmicrosoft.com/${POLICY}`;
    expect(idp.authority).toBe(`${prefix}/v2.0`);
    expect(metadata).toMatchObject({
      issuer: `${idp.origin}/${TENANT_ID}/v2.0/`,
      authorization_endpoint: `${prefix}/oauth2/v2.0/authorize`,
      token_endpoint: `${prefix}/oauth2/v2.0/token`,
      end_session_endpoint: `${prefix}/oauth2/v2.0/logout`,
      jwks_uri: `${prefix}/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.issuer).not.toBe(`${idp.authority}/`);
    expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('runs the code flow with PKCE and issues B2C-shaped tokens', async () => {
    const { flow, redirect, params } = await signIn();
    expect(redirect.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(redirect.searchParams.has('iss')).toBe(false);
    const response = await exchange(flow, params);
    const body = (await response.clone().json()) as Record<string, unknown>;
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    const idClaims = oauth.getValidatedIdTokenClaims(result)!;
    expect(idClaims).toMatchObject({
      iss: idp.issuer,
      aud: CLIENT_ID,
      sub: alice.oid,
      oid: alice.oid,
      name: alice.name,
      emails: [alice.email],
      tfp: POLICY,
      ver: '1.0',
      nonce: flow.nonce,
    });
    expect(idClaims).toHaveProperty('auth_time');
    expect(idClaims).toHaveProperty('nbf');
    const access = await verifyWithJwks(result.access_token);
    expect(access.protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: jwks.keys[0]!.kid });
    expect(access.payload).toMatchObject({
      iss: idp.issuer,
      aud: API_APP_ID,
      scp: 'demo.read',
      sub: alice.oid,
      oid: alice.oid,
      name: alice.name,
      tfp: POLICY,
      azp: CLIENT_ID,
    });
    expect(access.payload).not.toHaveProperty('scope');
    expect(result.token_type).toBe('bearer');
    expect(result.expires_in).toBe(3600);
    expect(typeof result.refresh_token).toBe('string');
    expect(body.not_before).toEqual(expect.any(Number));
    expect(body.id_token_expires_in).toBe(3600);
    expect(body.refresh_token_expires_in).toBeGreaterThan(86_390);
    expect(String(body.scope).split(' ').sort()).toEqual(['offline_access', 'openid', API_SCOPE].sort());
    const profile = JSON.parse(Buffer.from(String(body.profile_info), 'base64').toString('utf8'));
    expect(profile).toEqual({
      ver: '1.0',
      tid: TENANT_ID,
      sub: alice.oid,
      name: alice.name,
      preferred_username: alice.email,
      idp: 'LocalAccount',
    });
  });

  it('leaves name out for a user without a display name', async () => {
    const { result } = await tokens(noname);
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    expect(claims).toMatchObject({ sub: noname.oid, emails: [noname.email] });
    expect(claims).not.toHaveProperty('name');
  });

  it('issues an access token for the client itself when the client id is the scope', async () => {
    const { result } = await tokens(bob, { scope: `openid offline_access ${CLIENT_ID}` });
    const { payload } = await verifyWithJwks(result.access_token);
    expect(payload).toMatchObject({ aud: CLIENT_ID, sub: bob.oid });
  });

  it('requires PKCE', async () => {
    const flow = await startFlow();
    flow.url.searchParams.delete('code_challenge');
    flow.url.searchParams.delete('code_challenge_method');
    const redirect = await createBrowserSession().navigate(flow.url);
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
  });

  it('issues no refresh token without offline_access', async () => {
    const { result } = await tokens(alice, { scope: `openid ${API_SCOPE}` });
    expect(result.refresh_token).toBeUndefined();
  });
});
