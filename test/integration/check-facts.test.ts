import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gatherCheckFacts } from '../../packages/mv3-signin/src/check/facts';
import { readDiscovery } from '../../packages/mv3-signin/src/check/discovery-read';
import { checkRedirectRegistered } from '../../packages/mv3-signin/src/check/redirect-check';
import { sendsNoCors } from '../../packages/mv3-signin/src/service/host-access';
import { describeCheck } from '../../lib/check-report';
import { limits, REQUEST_TIMEOUT_MS, useLimits } from '../../packages/mv3-signin/src/core/http';
import type { SettingsValues } from '../../packages/mv3-signin/src/settings/fields';
import { API_SCOPE, authorityFor, CLIENT_ID, REDIRECT_URI } from '../../server/local';
import { useTestIdp } from '../support/idp-client';

// The options page's "Check" against the real local provider, and a tiny loopback server for what
// the provider cannot be switched to (a huge document, no answer, other issuers).
const idp = useTestIdp();

const CIAM_ISSUER = 'https://6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.ciamlogin.com/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/v2.0';
let server: Server;
let origin: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    const [, route] = req.url?.split('/') ?? [];
    if (route === 'hang') return; // never answers
    if (route === 'noissuer') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
    const issuer = route === 'ciam' ? CIAM_ISSUER : `${origin}/${route}/v2.0/`;
    const metadata = {
      issuer,
      authorization_endpoint: `${origin}/${route}/authorize`,
      token_endpoint: `${origin}/${route}/token`,
      jwks_uri: `${origin}/${route}/keys`,
      ...(route === 'huge' ? { padding: 'x'.repeat(300 * 1024) } : {}),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = 0;
});

/** The B2C configuration of support.ts configFor, as the options page's values. */
const b2c = (override: SettingsValues = {}): SettingsValues => ({
  authority: idp.authority,
  issuer: idp.issuer,
  clientId: CLIENT_ID,
  scopes: API_SCOPE,
  apiUrl: 'http://localhost:1/hello',
  ...override,
});
/** "Check" as the options page runs it: the background's facts, put in words. */
const check = async (values: SettingsValues, timeoutMs?: number) =>
  describeCheck(
    values,
    await gatherCheckFacts(values, {
      readDiscovery: (authority) => readDiscovery(authority, timeoutMs ?? REQUEST_TIMEOUT_MS),
      sendsNoCors: (url) => sendsNoCors(url, timeoutMs ?? REQUEST_TIMEOUT_MS),
      checkRedirect: (endpoint, clientId) =>
        checkRedirectRegistered({ authorizationEndpoint: new URL(endpoint), clientId }, REDIRECT_URI, { timeoutMs }),
      timeoutMs: timeoutMs ?? REQUEST_TIMEOUT_MS,
      maxResponseBytes: limits().maxResponseBytes,
    }),
    REDIRECT_URI,
  );

describe('Check against the local provider', () => {
  it('finds the discovery document, the matching issuer and the endpoints of a B2C configuration', async () => {
    const report = await check(b2c());
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.discovery).toEqual({
      url: `${idp.authority}/.well-known/openid-configuration`,
      found: true,
      message: `Found the OpenID configuration at ${idp.authority}/.well-known/openid-configuration.`,
      severity: 'ok',
    });
    expect(report.issuer).toEqual({
      declared: idp.issuer,
      matches: true,
      message: expect.stringContaining('matches the Issuer field'),
      severity: 'ok',
    });
    expect(report.endpoints?.map((e) => e.name)).toEqual([
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'end_session_endpoint',
      'revocation_endpoint',
    ]);
    expect(report.endpoints?.find((e) => e.name === 'token_endpoint')?.url).toBe(
      `${idp.authority.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`,
    );
    expect(report.flows).toBeUndefined();
    expect(report.redirect).toEqual({
      uri: REDIRECT_URI,
      message: expect.stringContaining('Single-page application platform'),
      severity: 'ok',
    });
    // Node applies no CORS: nothing needs a host permission here.
    expect(report.needsHostAccess).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['the authority', 'authority'],
  ])('offers B2C’s issuer when the Issuer field is %s', async (_name, issuer) => {
    const report = await check(b2c({ issuer: issuer === 'authority' ? idp.authority : issuer }));
    expect(report.issuer).toEqual({
      declared: idp.issuer,
      matches: false,
      suggestion: idp.issuer,
      message: expect.stringContaining('B2C’s issuer differs from its authority'),
      severity: 'problem',
    });
    const fixed = await check(b2c({ issuer: report.issuer?.suggestion }));
    expect(fixed.issuer).toMatchObject({ matches: true });
  });

  it('recognises Entra External ID’s GUID-host issuer', async () => {
    const report = await check(b2c({ authority: `${origin}/ciam/v2.0`, issuer: '' }));
    expect(report.issuer).toMatchObject({ declared: CIAM_ISSUER, matches: false, suggestion: CIAM_ISSUER });
    expect(report.issuer?.message).toContain('Entra External ID’s issuer form');
  });

  it('says where no discovery document is (another policy name: HTTP 404)', async () => {
    const authority = authorityFor(idp.port, 'B2C_1_nosuchflow');
    const report = await check(b2c({ authority }));
    expect(report.discovery).toEqual({
      url: `${authority}/.well-known/openid-configuration`,
      found: false,
      failure: 'not_found',
      severity: 'problem',
      message: `No OpenID configuration at ${authority}/.well-known/openid-configuration (HTTP 404). Check the authority: for B2C it ends with the user flow and /v2.0.`,
    });
    expect(report.issuer).toBeUndefined();
    expect(report.endpoints).toBeUndefined();
  });

  it('says when the provider is failing (HTTP 503)', async () => {
    idp.controls.set({ discovery: 'down' });
    const report = await check(b2c());
    expect(report.discovery).toMatchObject({
      found: false,
      failure: 'not_found',
      message: expect.stringContaining('(HTTP 503)'),
    });
  });

  it('says when the answer is not JSON, without the provider’s HTML', async () => {
    idp.controls.set({ discovery: 'notJson' });
    const report = await check(b2c());
    expect(report.discovery).toMatchObject({
      found: false,
      failure: 'not_json',
      message: expect.stringContaining('is not JSON'),
    });
    expect(report.discovery?.message).not.toMatch(/<|Welcome/);
  });

  it('says when the JSON is no OpenID configuration (no issuer)', async () => {
    const report = await check(b2c({ authority: `${origin}/noissuer/v2.0` }));
    expect(report.discovery).toMatchObject({
      found: false,
      failure: 'not_metadata',
      message: expect.stringContaining('declares no issuer'),
    });
  });

  it('does not read a discovery document larger than the 256 KB cap', async () => {
    const report = await check(b2c({ authority: `${origin}/huge/v2.0` }));
    expect(report.discovery).toMatchObject({ found: false, failure: 'too_large', message: expect.stringContaining('256 KB') });
  });

  it('names the cap in force when createSignIn was given another one', async () => {
    useLimits({ maxResponseBytes: 8 * 1024 });
    try {
      const report = await check(b2c({ authority: `${origin}/huge/v2.0` }));
      expect(report.discovery).toMatchObject({ failure: 'too_large', message: expect.stringContaining('larger than 8 KB') });
    } finally {
      useLimits();
    }
  });

  it('gives up on a provider that never answers', async () => {
    const started = Date.now();
    const report = await check(b2c({ authority: `${origin}/hang/v2.0` }), 300);
    expect(report.discovery).toMatchObject({
      found: false,
      failure: 'timeout',
      message: expect.stringContaining('did not answer'),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says when nothing answers at all', async () => {
    const report = await check(b2c({ authority: 'http://localhost:1/tenant/B2C_1_x/v2.0' }));
    expect(report.discovery).toMatchObject({
      found: false,
      failure: 'unreachable',
      message: expect.stringContaining('could not be reached'),
    });
    expect(report.needsHostAccess).toEqual([]);
  });

  it('finds the other user flows, with the same issuer as sign-in', async () => {
    const report = await check(
      b2c({ passwordResetAuthority: idp.authorities.resetPassword, profileEditAuthority: idp.authorities.editProfile }),
    );
    expect(report.flows).toEqual([
      {
        field: 'passwordResetAuthority',
        severity: 'ok',
        message: expect.stringContaining('with the same issuer as the sign-in flow'),
      },
      {
        field: 'profileEditAuthority',
        severity: 'ok',
        message: expect.stringContaining('with the same issuer as the sign-in flow'),
      },
    ]);
  });

  it('says which user flow is missing', async () => {
    const report = await check(b2c({ passwordResetAuthority: authorityFor(idp.port, 'B2C_1_nosuchreset') }));
    expect(report.flows).toEqual([
      {
        field: 'passwordResetAuthority',
        severity: 'problem',
        message: expect.stringMatching(/^Password reset authority: No OpenID configuration .*HTTP 404/),
      },
    ]);
  });

  it('says which user flow declares another issuer', async () => {
    const report = await check(
      b2c({ authority: `${origin}/main/v2.0`, issuer: '', profileEditAuthority: `${origin}/other/v2.0` }),
    );
    expect(report.flows).toEqual([
      {
        field: 'profileEditAuthority',
        severity: 'problem',
        message: expect.stringContaining(`its issuer ${origin}/other/v2.0/ is not the sign-in flow’s ${origin}/main/v2.0/`),
      },
    ]);
  });

  // Issue 18, item 3: one tenant, one key set.
  it('refuses a user flow on another origin than the authority before any request', async () => {
    const report = await check(b2c({ profileEditAuthority: `${origin}/other/v2.0` }));
    expect(report.problems).toEqual([
      {
        field: 'profileEditAuthority',
        severity: 'problem',
        message: `Profile edit authority must be on the sign-in authority’s origin, ${new URL(idp.authority).origin}: every user flow of a tenant is, and one on another host could sign its own tokens.`,
      },
    ]);
    expect(report.flows).toBeUndefined();
    expect(hits).toBe(0);
  });

  it('stops at a value the validator refuses, naming the field, before any request', async () => {
    const report = await check(b2c({ authority: `${origin}/counted/v2.0`, clientId: ' ' }));
    expect(report.problems).toEqual([
      { field: 'clientId', severity: 'problem', message: 'Client ID must be a non-empty string' },
    ]);
    expect(report.discovery).toBeUndefined();
    expect(hits).toBe(0);
  });

  it('explains a refused http:// authority as a problem and a warning', async () => {
    const report = await check(b2c({ authority: 'http://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0' }));
    expect(report.problems).toEqual([
      {
        field: 'authority',
        severity: 'problem',
        message: 'Authority must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])',
      },
    ]);
    expect(report.warnings).toMatchObject([{ field: 'authority', code: 'http_not_loopback' }]);
    expect(report.discovery).toBeUndefined();
  });
});
