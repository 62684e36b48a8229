// The local provider's (server/idp) adversarial switches: broken token responses, ID tokens, authorization
// responses and discovery documents, for the extension's hostile tests.
import { decodeJwt, decodeProtectedHeader, exportSPKI, importJWK, jwtVerify, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import type { IdpSwitches } from '../../server/idp/index.ts';
import { CLIENT_ID, REDIRECT_URI } from '../../server/local.ts';
import { createBrowserSession } from '../support/idp-driver.ts';
import {
  ALICE as alice,
  INSECURE,
  as,
  client,
  jwks,
  rawTokenResponse,
  signIn,
  startFlow,
  useIdpClient,
  verifySignature,
  verifyWithJwks,
} from '../support/idp-client';

const idp = useIdpClient();

describe('adversarial token endpoint', () => {
  it.each([
    ['html500', 500, /text\/html/, (text: string) => expect(text).toMatch(/<html/)],
    ['notJson', 200, /text\/plain/, (text: string) => expect(() => JSON.parse(text)).toThrow()],
    ['noAccessToken', 200, /json/, (text: string) => expect(JSON.parse(text)).not.toHaveProperty('access_token')],
    ['tokenTypeMac', 200, /json/, (text: string) => expect(JSON.parse(text)).toMatchObject({ token_type: 'MAC' })],
    [
      'invalidGrant',
      400,
      /json/,
      (text: string) =>
        expect(JSON.parse(text)).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/^AADB2C90080: /) }),
    ],
    ['hugeBody', 200, /json/, (text: string) => expect(text.length).toBeGreaterThan(5_000_000)],
  ] as const)('%s', async (mode, status, type, check) => {
    idp.controls.set({ tokenEndpoint: mode });
    const { response } = await rawTokenResponse();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(type);
    check(await response.text());
  });

  it('hang never answers', async () => {
    const { flow, params } = await signIn();
    idp.controls.set({ tokenEndpoint: 'hang' });
    const signal = AbortSignal.timeout(500);
    await expect(
      oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, flow.verifier, { ...INSECURE, signal }),
    ).rejects.toThrow();
    expect(signal.aborted).toBe(true);
  });
});

describe('adversarial ID tokens', () => {
  async function idTokenFor(mode: IdpSwitches['idToken']) {
    idp.controls.set({ idToken: mode });
    const { response, flow } = await rawTokenResponse();
    const body = (await response.json()) as { id_token: string };
    return { token: body.id_token, header: decodeProtectedHeader(body.id_token), claims: decodeJwt(body.id_token), flow };
  }

  it.each([
    ['wrongIss', (c: Record<string, unknown>) => expect(c.iss).not.toBe(idp.issuer)],
    ['wrongAud', (c: Record<string, unknown>) => expect(c.aud).not.toBe(CLIENT_ID)],
    [
      'extraAudNoAzp',
      (c: Record<string, unknown>) => {
        expect(c.aud).toEqual([CLIENT_ID, 'other-client']);
        expect(c).not.toHaveProperty('azp');
      },
    ],
    ['missingNonce', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('nonce')],
    ['expired', (c: Record<string, unknown>) => expect(Number(c.exp)).toBeLessThan(Date.now() / 1000)],
    ['missingSub', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('sub')],
    ['missingIat', (c: Record<string, unknown>) => expect(c).not.toHaveProperty('iat')],
  ] as const)('%s changes the claims and is re-signed with the real key', async (mode, check) => {
    const { token, claims } = await idTokenFor(mode);
    check(claims);
    await expect(verifySignature(token)).resolves.toBeTruthy();
  });

  it('wrongNonce', async () => {
    const { token, claims, flow } = await idTokenFor('wrongNonce');
    expect(claims.nonce).not.toBe(flow.nonce);
    await expect(verifySignature(token)).resolves.toBeTruthy();
  });

  it('algNone has alg none and an empty signature', async () => {
    const { token, header, claims } = await idTokenFor('algNone');
    expect(header.alg).toBe('none');
    expect(token.endsWith('.')).toBe(true);
    expect(claims.sub).toBe(alice.oid);
  });

  it('hs256 is an HMAC keyed with the public key PEM', async () => {
    const { token, header } = await idTokenFor('hs256');
    expect(header.alg).toBe('HS256');
    const pem = await exportSPKI((await importJWK(jwks.keys[0]!, 'RS256', { extractable: true })) as CryptoKey);
    await expect(jwtVerify(token, new TextEncoder().encode(pem), { algorithms: ['HS256'] })).resolves.toBeTruthy();
  });

  it('badSignature keeps the claims but breaks the signature', async () => {
    const { token, claims, header } = await idTokenFor('badSignature');
    expect(claims.sub).toBe(alice.oid);
    expect(header.kid).toBe(jwks.keys[0]!.kid);
    await expect(verifyWithJwks(token)).rejects.toThrow(/signature/);
  });

  it('unknownKey is signed by a key the JWKS does not publish', async () => {
    const { token, header } = await idTokenFor('unknownKey');
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k) => k.kid)).not.toContain(header.kid);
    await expect(verifyWithJwks(token)).rejects.toThrow();
  });

  it('noKidMultipleKeys drops kid while the JWKS publishes two RS256 keys', async () => {
    const { token, header } = await idTokenFor('noKidMultipleKeys');
    expect(header).not.toHaveProperty('kid');
    const published = (await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] };
    expect(published.keys.filter((k) => k.alg === 'RS256')).toHaveLength(2);
    const verified = await Promise.any(
      published.keys.map(async (k) => jwtVerify(token, await importJWK({ ...k, kid: undefined }, 'RS256'))),
    );
    expect(verified.payload.sub).toBe(alice.oid);
    idp.controls.reset();
    expect(((await (await fetch(as.jwks_uri!)).json()) as { keys: JWK[] }).keys).toHaveLength(1);
  });
});

describe('adversarial authorization responses', () => {
  async function redirectFor(mode: IdpSwitches['authorizeResponse']) {
    idp.controls.set({ authorizeResponse: mode });
    const flow = await startFlow();
    return { flow, params: (await createBrowserSession().signIn(flow.url, alice)).searchParams };
  }

  it('forgedState', async () => {
    const { flow, params } = await redirectFor('forgedState');
    expect(params.get('state')).not.toBe(flow.state);
    expect(params.get('code')).toBeTruthy();
  });

  it('missingState', async () => {
    const { params } = await redirectFor('missingState');
    expect(params.has('state')).toBe(false);
    expect(params.get('code')).toBeTruthy();
  });

  it('accessDeniedHtml', async () => {
    const { params } = await redirectFor('accessDeniedHtml');
    expect(params.has('code')).toBe(false);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toBe('<img src=x onerror=alert(1)><b>Denied</b>');
  });

  it('wrongIss', async () => {
    const { params } = await redirectFor('wrongIss');
    expect(params.get('iss')).toBe('https://evil.example/');
  });

  it('implicitInjection', async () => {
    const { params } = await redirectFor('implicitInjection');
    expect(params.get('code')).toBeTruthy();
    expect(params.get('access_token')).toBeTruthy();
    expect(params.get('id_token')).toBeTruthy();
  });
});

describe('adversarial discovery', () => {
  const fetchDiscovery = () => fetch(`${idp.authority}/.well-known/openid-configuration`);

  it('wrongIssuer', async () => {
    idp.controls.set({ discovery: 'wrongIssuer' });
    const metadata = (await (await fetchDiscovery()).json()) as { issuer: string };
    expect(metadata.issuer).toMatch(/^https:\/\/evil\.example\//);
  });

  it('httpNonLoopback', async () => {
    idp.controls.set({ discovery: 'httpNonLoopback' });
    const metadata = (await (await fetchDiscovery()).json()) as Record<string, string>;
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      expect(metadata[name]).toMatch(/^http:\/\/idp\.example\.com\//);
    }
  });

  it('tokenOtherOrigin moves only the token endpoint, to the same server as 127.0.0.1', async () => {
    const normal = (await (await fetchDiscovery()).json()) as Record<string, string>;
    expect(normal.revocation_endpoint).toBe(normal.token_endpoint!.replace(/\/token$/, '/revoke'));
    idp.controls.set({ discovery: 'tokenOtherOrigin' });
    const metadata = (await (await fetchDiscovery()).json()) as Record<string, string>;
    expect(metadata.token_endpoint).toBe(normal.token_endpoint!.replace('//localhost:', '//127.0.0.1:'));
    expect({ ...metadata, token_endpoint: normal.token_endpoint }).toEqual(normal);
  });

  it('down', async () => {
    idp.controls.set({ discovery: 'down' });
    expect((await fetchDiscovery()).status).toBe(503);
  });

  it('notJson', async () => {
    idp.controls.set({ discovery: 'notJson' });
    const response = await fetchDiscovery();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});
