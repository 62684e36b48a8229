import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatherCheckFacts } from '../../packages/mv3-signin/src/check/facts';
import type { CheckFacts } from '../../packages/mv3-signin/src/check/facts';
import { describeCheck, reportSeverities, summarizeCheck } from '../../lib/check-report';
import { configWarnings } from '../../lib/check-warnings';
import type { SettingsValues } from '../../packages/mv3-signin/src/settings/fields';
import type { DiscoveryRead } from '../../packages/mv3-signin/src/check/discovery-read';

const B2C: SettingsValues = {
  authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0',
  issuer: 'https://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/',
  clientId: 'abc-client',
  scopes: 'https://contoso.onmicrosoft.com/api/demo.read',
  apiUrl: 'https://api.contoso.com/hello',
  passwordResetAuthority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0',
  profileEditAuthority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1A_ProfileEdit/v2.0',
};

describe('configWarnings', () => {
  it.each<[string, SettingsValues]>([
    ['a clean B2C configuration', B2C],
    [
      'B2C with a custom policy, in any case',
      { ...B2C, authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1a_signin/v2.0' },
    ],
    [
      'Entra External ID (no user flow in the path)',
      { ...B2C, authority: 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0', issuer: '' },
    ],
    ['a plain OpenID provider on loopback http', { authority: 'http://localhost:8080/realms/demo', scopes: 'api://demo/read' }],
    ['values not yet URLs', { authority: 'contoso', apiUrl: '', scopes: 'api' }],
  ])('finds nothing wrong with %s', (_name, values) => {
    expect(configWarnings(values)).toEqual([]);
  });

  it.each([
    ['authority', 'http://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0'],
    ['issuer', 'http://contoso.b2clogin.com/11111111-2222-3333-4444-555555555555/v2.0/'],
    ['apiUrl', 'http://api.contoso.com/hello'],
    ['passwordResetAuthority', 'http://10.0.0.5/contoso.onmicrosoft.com/B2C_1_passwordreset/v2.0'],
    ['profileEditAuthority', 'http://login.contoso.com/contoso.onmicrosoft.com/B2C_1_profileedit/v2.0'],
  ] as const)('warns about http:// on a non-loopback host in %s', (field, value) => {
    expect(configWarnings({ ...B2C, [field]: value })).toEqual([
      { field, code: 'http_not_loopback', message: expect.stringMatching(/ uses http:\/\/ on .* use https:\/\//) },
    ]);
  });

  it('warns about B2C’s old ?p= policy query, with the path form to use instead', () => {
    const warnings = configWarnings({
      ...B2C,
      authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0?p=B2C_1_signin',
    });
    expect(warnings).toEqual([{ field: 'authority', code: 'policy_query', message: expect.stringContaining('?p=') }]);
    expect(warnings[0]?.message).toContain('https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/v2.0');
  });

  it('warns about ?p= in a flow authority too (full discovery URL pasted, parameter in any case)', () => {
    const pasted = 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration?P=B2C_1_reset';
    const warnings = configWarnings({ ...B2C, passwordResetAuthority: pasted });
    expect(warnings).toEqual([{ field: 'passwordResetAuthority', code: 'policy_query', message: expect.any(String) }]);
    expect(warnings[0]?.message).toContain('https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_reset/v2.0');
  });

  it.each(['', 'openid', 'openid offline_access profile email', '  profile  '])(
    'warns when scopes %j name no API scope',
    (scopes) => {
      expect(configWarnings({ ...B2C, scopes })).toEqual([
        { field: 'scopes', code: 'no_api_scope', message: expect.stringContaining('only for the client id itself') },
      ]);
    },
  );

  it('warns about a b2clogin.com authority that names no user flow, with an example', () => {
    const warnings = configWarnings({ ...B2C, authority: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0' });
    expect(warnings).toEqual([{ field: 'authority', code: 'no_user_flow', message: expect.stringContaining('no user flow') }]);
    expect(warnings[0]?.message).toContain('https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0');
  });

  it('names the tenant from the host when the authority has no path at all', () => {
    const [warning] = configWarnings({ ...B2C, profileEditAuthority: 'https://fabrikam.b2clogin.com' });
    expect(warning).toMatchObject({ field: 'profileEditAuthority', code: 'no_user_flow' });
    expect(warning?.message).toContain('https://fabrikam.b2clogin.com/fabrikam.onmicrosoft.com/B2C_1_signupsignin/v2.0');
  });

  it('labels each warning with the field’s visible label', () => {
    const messages = configWarnings({ ...B2C, scopes: '', apiUrl: 'http://api.contoso.com/' }).map((w) => w.message);
    expect(messages).toEqual([
      expect.stringMatching(/^API URL uses http:\/\//),
      expect.stringMatching(/^Scopes names no API scope/),
    ]);
  });
});

describe('Check without the network', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Requests that must not be made: the validator stops Check first.
  const refuse = () => Promise.reject(new Error('no request may be made'));
  const NO_REQUESTS = {
    readDiscovery: refuse,
    sendsNoCors: refuse,
    checkRedirect: refuse,
    timeoutMs: 1000,
    maxResponseBytes: 256 * 1024,
  };

  it('stops at a value the validator refuses, naming the field, with the warnings and no request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const values = { ...B2C, authority: 'http://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0' };
    const facts = await gatherCheckFacts(values, NO_REQUESTS);
    const report = describeCheck(values, facts, 'https://abc.chromiumapp.org/');
    expect(report.problems).toEqual([
      { field: 'authority', severity: 'problem', message: expect.stringMatching(/^Authority must use https:\/\//) },
    ]);
    expect(report.warnings).toMatchObject([{ field: 'authority', code: 'http_not_loopback' }]);
    expect(report.redirect).toEqual({
      uri: 'https://abc.chromiumapp.org/',
      message: expect.stringContaining('Single-page application'),
      severity: 'ok',
    });
    expect(report.discovery).toBeUndefined();
    expect(report.needsHostAccess).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  // Issue 18, item 3: Check refuses a user flow on another origin than the authority, as Save and the build do.
  it('refuses a user flow on another origin, naming the field and the origin expected, with no request', async () => {
    const values = { ...B2C, profileEditAuthority: 'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_edit/v2.0' };
    const facts = await gatherCheckFacts(values, NO_REQUESTS);
    expect(describeCheck(values, facts, 'https://abc.chromiumapp.org/').problems).toEqual([
      {
        field: 'profileEditAuthority',
        severity: 'problem',
        message: expect.stringMatching(
          /^Profile edit authority must be on the sign-in authority’s origin, https:\/\/contoso\.b2clogin\.com:/,
        ),
      },
    ]);
  });

  // Issue 12: sign-in refuses metadata whose endpoints are off the configured authorities' origin.
  it('says plainly when an endpoint is on another origin than the authorities', () => {
    const host = 'https://contoso.b2clogin.com';
    const metadata = (flow: string, moved: Record<string, string> = {}) => ({
      issuer: B2C.issuer,
      authorization_endpoint: `${host}/contoso.onmicrosoft.com/${flow}/oauth2/v2.0/authorize`,
      token_endpoint: `${host}/contoso.onmicrosoft.com/${flow}/oauth2/v2.0/token`,
      jwks_uri: `${host}/contoso.onmicrosoft.com/${flow}/discovery/v2.0/keys`,
      end_session_endpoint: `${host}/contoso.onmicrosoft.com/${flow}/oauth2/v2.0/logout`,
      ...moved,
    });
    const read = (url: string, found: Record<string, unknown>) => ({ url, found: true as const, metadata: found });
    const facts = (main: Record<string, unknown>, reset: Record<string, unknown>) => ({
      main: read(`${B2C.authority}/.well-known/openid-configuration`, main),
      flows: [
        { field: 'passwordResetAuthority' as const, read: read(`${B2C.passwordResetAuthority}/x`, reset) },
        { field: 'profileEditAuthority' as const, read: read(`${B2C.profileEditAuthority}/x`, metadata('B2C_1A_ProfileEdit')) },
      ],
      needsHostAccess: [],
      timeoutMs: 1000,
      maxResponseBytes: 256 * 1024,
      values: {},
    });

    const clean = describeCheck(
      B2C,
      facts(metadata('B2C_1_signupsignin'), metadata('B2C_1_passwordreset')),
      'https://abc.chromiumapp.org/',
    );
    expect(clean.discovery?.message).toBe(`Found the OpenID configuration at ${B2C.authority}/.well-known/openid-configuration.`);
    expect(clean.flows?.map((line) => line.message).join(' ')).not.toContain('refuse');

    const report = describeCheck(
      B2C,
      facts(
        metadata('B2C_1_signupsignin', { end_session_endpoint: 'https://evil.example/logout' }),
        metadata('B2C_1_passwordreset', { jwks_uri: 'https://keys.evil.example/keys' }),
      ),
      'https://abc.chromiumapp.org/',
    );
    expect(report.discovery?.message).toContain(
      'But sign-in will refuse it: its end_session_endpoint is on https://evil.example, not on the authority’s origin (https://contoso.b2clogin.com)',
    );
    expect(report.endpoints).toContainEqual({ name: 'end_session_endpoint', url: 'https://evil.example/logout' });
    expect(report.flows?.[0]?.message).toContain('its jwks_uri is on https://keys.evil.example, not on the authority’s origin');
    expect(report.flows?.[1]?.message).not.toContain('refuse');
  });
});

// Issue 18, item 7: Azure's advice only for Microsoft's hosts; any other provider gets OpenID's.
describe('Check’s words for the provider', () => {
  const GENERIC: SettingsValues = {
    authority: 'https://glewlwyd.example.com/api/oidc',
    clientId: 'abc-client',
    scopes: 'api://demo/read',
    apiUrl: 'https://api.example.com/hello',
    profileEditAuthority: 'https://glewlwyd.example.com/api/oidc-edit',
  };
  const REDIRECT = 'https://abc.chromiumapp.org/';
  const found = (url: string, metadata: Record<string, unknown>) => ({ url, found: true as const, metadata });
  const endpoints = (base: string) => ({
    authorization_endpoint: `${base}/auth`,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/jwks`,
  });
  const AZURE_WORDS = /B2C|Azure|Entra|user flow|Single-page/;

  it.each([
    ['b2clogin.com', B2C.authority],
    ['ciamlogin.com', 'https://contoso.ciamlogin.com/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/v2.0'],
    ['a custom domain with a B2C policy in its path', 'https://login.contoso.com/contoso.onmicrosoft.com/b2c_1a_SignIn/v2.0'],
    ['the local provider', 'http://localhost:5390/fabrikam.onmicrosoft.com/B2C_1_e2e_signin/v2.0'],
  ])('gives Azure’s advice for %s', (_name, authority) => {
    const values = { ...B2C, authority };
    const report = describeCheck(
      values,
      { flows: [], needsHostAccess: [], timeoutMs: 1000, maxResponseBytes: 256 * 1024, values: {} },
      REDIRECT,
    );
    expect(report.redirect.message).toContain('Single-page application platform');
    const [warning] = configWarnings({ ...values, scopes: '' });
    expect(warning?.message).toContain('B2C then issues an access token only for the client id itself');
  });

  it.each([
    ['another provider', GENERIC.authority],
    ['a custom domain without a B2C policy', 'https://login.contoso.com/contoso.onmicrosoft.com/v2.0'],
    ['no authority yet', ''],
  ])('gives OpenID’s advice for %s', (_name, authority) => {
    const report = describeCheck(
      { ...GENERIC, authority },
      { flows: [], needsHostAccess: [], timeoutMs: 1000, maxResponseBytes: 256 * 1024, values: {} },
      REDIRECT,
    );
    expect(report.redirect.message).toBe(
      'Register this redirect URI for the client in your provider (as a public client, with no client secret: the extension’s token request is cross-origin and sends none).',
    );
    const [warning] = configWarnings({ ...GENERIC, authority, scopes: 'openid' });
    expect(warning).toMatchObject({ field: 'scopes', code: 'no_api_scope' });
    expect(warning?.message).not.toMatch(AZURE_WORDS);
    expect(warning?.message).toContain('Add your API’s scope.');
  });

  it('words a generic provider’s findings without Azure’s terms', () => {
    const discovery = `${GENERIC.authority}/.well-known/openid-configuration`;
    const report = describeCheck(
      GENERIC,
      {
        main: found(discovery, {
          issuer: 'https://glewlwyd.example.com/other',
          ...endpoints(GENERIC.authority!),
          end_session_endpoint: 'https://evil.example/logout',
        }),
        flows: [
          {
            field: 'profileEditAuthority',
            read: found(`${GENERIC.profileEditAuthority}/x`, {
              issuer: 'https://glewlwyd.example.com/edit',
              ...endpoints(GENERIC.authority!),
            }),
          },
        ],
        needsHostAccess: [],
        timeoutMs: 1000,
        maxResponseBytes: 256 * 1024,
        values: {},
      },
      REDIRECT,
    );
    const lines = [report.discovery?.message, report.issuer?.message, ...(report.flows ?? []).map((line) => line.message)];
    expect(lines.join(' ')).not.toMatch(AZURE_WORDS);
    expect(report.discovery?.message).toContain(
      'But sign-in will refuse it: its end_session_endpoint is on https://evil.example, not on the authority’s origin (https://glewlwyd.example.com), the only one',
    );
    expect(report.issuer?.message).toContain('Sign-in accepts only the issuer the provider’s configuration declares');
    expect(report.flows?.[0]?.message).toContain('Every flow of one provider must declare the same issuer');
  });

  it.each([
    [
      404,
      'No OpenID configuration at URL (HTTP 404). Check the authority: it is the provider’s issuer URL, without /.well-known/openid-configuration.',
    ],
    [
      0,
      'No OpenID configuration at URL (a redirect). Check the authority: it is the provider’s issuer URL, without /.well-known/openid-configuration.',
    ],
  ])('says where a generic provider’s discovery document is not (HTTP %i), without B2C’s path rule', (status, message) => {
    const url = `${GENERIC.authority}/.well-known/openid-configuration`;
    const read = { url, found: false as const, failure: 'not_found' as const, status };
    const report = describeCheck(
      GENERIC,
      { main: read, flows: [], needsHostAccess: [], timeoutMs: 1000, maxResponseBytes: 256 * 1024, values: {} },
      REDIRECT,
    );
    expect(report.discovery?.message).toBe(message.replace('URL', url));
  });

  it('warns about B2C’s old ?p= only for a Microsoft authority (any other query is the validator’s to refuse)', () => {
    expect(configWarnings({ ...GENERIC, authority: `${GENERIC.authority}?p=signin` })).toEqual([]);
    expect(
      configWarnings({ ...GENERIC, authority: 'https://login.contoso.com/contoso.onmicrosoft.com/v2.0?p=B2C_1_signin' }),
    ).toMatchObject([{ field: 'authority', code: 'policy_query' }]);
  });
});

// Issue 19, item 3: every line of the report carries its verdict, decided here and not in the page.
describe('Check’s verdicts (issue 19)', () => {
  const REDIRECT = 'https://abc.chromiumapp.org/';
  const host = 'https://contoso.b2clogin.com';
  const metadata = (flow: string, more: Record<string, unknown> = {}) => ({
    issuer: B2C.issuer,
    authorization_endpoint: `${host}/contoso.onmicrosoft.com/${flow}/oauth2/v2.0/authorize`,
    token_endpoint: `${host}/contoso.onmicrosoft.com/${flow}/oauth2/v2.0/token`,
    jwks_uri: `${host}/contoso.onmicrosoft.com/${flow}/discovery/v2.0/keys`,
    ...more,
  });
  const found = (url: string, document: Record<string, unknown>) => ({ url, found: true as const, metadata: document });
  const missing = (url: string) => ({ url, found: false as const, failure: 'not_found' as const, status: 404 });
  const facts = (main: DiscoveryRead, reset?: DiscoveryRead, edit?: DiscoveryRead): CheckFacts => ({
    main,
    flows: [
      ...(reset ? [{ field: 'passwordResetAuthority' as const, read: reset }] : []),
      ...(edit ? [{ field: 'profileEditAuthority' as const, read: edit }] : []),
    ],
    needsHostAccess: [],
    timeoutMs: 1000,
    maxResponseBytes: 256 * 1024,
    values: {},
  });
  const MAIN = `${B2C.authority}/.well-known/openid-configuration`;
  const RESET = `${B2C.passwordResetAuthority}/.well-known/openid-configuration`;
  const EDIT = `${B2C.profileEditAuthority}/.well-known/openid-configuration`;

  it('a clean configuration: every line ok, and the summary says so', () => {
    const report = describeCheck(
      B2C,
      facts(found(MAIN, metadata('B2C_1_signupsignin')), found(RESET, metadata('B2C_1_passwordreset'))),
      REDIRECT,
    );
    expect(report.discovery?.severity).toBe('ok');
    expect(report.issuer?.severity).toBe('ok');
    expect(report.flows).toEqual([{ field: 'passwordResetAuthority', severity: 'ok', message: expect.any(String) }]);
    expect(report.redirect.severity).toBe('ok');
    expect(reportSeverities(report)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(summarizeCheck(report)).toBe('Check found no problems and no warnings.');
  });

  it('a refused value is a problem, a value-only warning a warning', () => {
    const values = { ...B2C, authority: 'http://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0' };
    const problem = { field: 'authority' as const, message: 'Authority must use https://' };
    const report = describeCheck(
      values,
      { problem, flows: [], needsHostAccess: [], timeoutMs: 1000, maxResponseBytes: 256 * 1024, values: {} },
      REDIRECT,
    );
    expect(report.problems).toEqual([{ ...problem, severity: 'problem' }]);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'http_not_loopback', severity: 'warning' })]);
    expect(summarizeCheck(report)).toBe('Check found 1 problem and 1 warning.');
  });

  it('an issuer that differs, a refused endpoint and a flow of another issuer are problems', () => {
    const report = describeCheck(
      { ...B2C, issuer: '', scopes: 'openid' },
      facts(
        found(MAIN, metadata('B2C_1_signupsignin', { end_session_endpoint: 'https://evil.example/logout' })),
        found(RESET, metadata('B2C_1_passwordreset', { issuer: 'https://other.b2clogin.com/x/v2.0/' })),
        missing(EDIT),
      ),
      REDIRECT,
    );
    expect(report.discovery?.severity).toBe('problem');
    expect(report.issuer).toMatchObject({ matches: false, severity: 'problem' });
    expect(report.flows?.map((line) => line.severity)).toEqual(['problem', 'problem']);
    expect(report.warnings.map((line) => line.severity)).toEqual(['warning']);
    expect(summarizeCheck(report)).toBe('Check found 4 problems and 1 warning.');
  });

  it('a discovery document not found is a problem; origins needing access are a warning', () => {
    const report = describeCheck(
      B2C,
      { ...facts({ url: MAIN, found: false, failure: 'unreachable' }), needsHostAccess: ['https://api.contoso.com'] },
      REDIRECT,
    );
    expect(report.discovery).toMatchObject({ found: false, severity: 'problem' });
    expect(reportSeverities(report)).toEqual(['problem', 'warning', 'ok']);
    expect(summarizeCheck(report)).toBe('Check found 1 problem and 1 warning.');
  });

  it('compares a user flow’s issuer only when the sign-in flow’s document was found', () => {
    const report = describeCheck(
      B2C,
      facts(missing(MAIN), found(RESET, metadata('B2C_1_passwordreset')), found(EDIT, metadata('B2C_1A_ProfileEdit'))),
      REDIRECT,
    );
    expect(report.flows).toEqual([
      { field: 'passwordResetAuthority', severity: 'warning', message: expect.stringContaining('could not be compared') },
      { field: 'profileEditAuthority', severity: 'warning', message: expect.stringContaining('could not be compared') },
    ]);
    expect(report.flows?.map((line) => line.message).join(' ')).not.toContain('same issuer');
    expect(summarizeCheck(report)).toBe('Check found 1 problem and 2 warnings.');
  });
});
