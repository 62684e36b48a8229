import type { ErrorCode } from '../../packages/mv3-signin/src/core/errors';
import type { IdpSwitches } from '../../server/idp/types.ts';

/**
 * The hostile-provider cases of issue 5, as one table that the integration tests
 * (test/integration/hostile-*.test.ts) and the e2e test (test/e2e/hostile.e2e.ts) both run.
 * A case is named after its OpenID conformance module where one exists
 * (https://www.certification.openid.net, the oidcc-client-test-* RP tests), else plainly.
 */
export interface HostileCase {
  readonly name: string;
  readonly group: HostileGroup;
  /** What to set on the provider (server/idp) before the sign-in. */
  readonly switches: Partial<IdpSwitches>;
  readonly expectedCode: ErrorCode;
  /** True when the failure must come before the code is redeemed: no token request at all. */
  readonly beforeExchange: boolean;
  /**
   * True when the message adds a detail in brackets after userMessage(code): the provider's
   * words (one line, shown as text) or the extension's own note.
   */
  readonly withDetail?: boolean;
}

export type HostileGroup = 'authorization' | 'token-endpoint' | 'id-token' | 'discovery';

export const HOSTILE_CASES: readonly HostileCase[] = [
  // Authorization response
  {
    name: 'forged-state',
    group: 'authorization',
    switches: { authorizeResponse: 'forgedState' },
    expectedCode: 'state_mismatch',
    beforeExchange: true,
  },
  {
    name: 'missing-state',
    group: 'authorization',
    switches: { authorizeResponse: 'missingState' },
    expectedCode: 'state_mismatch',
    beforeExchange: true,
  },
  {
    name: 'access-denied-with-html-description',
    group: 'authorization',
    switches: { authorizeResponse: 'accessDeniedHtml' },
    expectedCode: 'login_failed',
    beforeExchange: true,
    withDetail: true,
  },
  // RFC 9207: an iss parameter that is not the pinned issuer.
  {
    name: 'authorization-response-iss-mismatch',
    group: 'authorization',
    switches: { authorizeResponse: 'wrongIss' },
    expectedCode: 'response_invalid',
    beforeExchange: true,
  },
  // A code together with access_token and id_token in the query: implicit-flow token injection.
  {
    name: 'implicit-token-injection',
    group: 'authorization',
    switches: { authorizeResponse: 'implicitInjection' },
    expectedCode: 'response_invalid',
    beforeExchange: true,
  },

  // Token endpoint
  {
    name: 'token-endpoint-500-html',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'html500' },
    expectedCode: 'token_failed',
    beforeExchange: false,
  },
  {
    name: 'token-endpoint-not-json',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'notJson' },
    expectedCode: 'token_failed',
    beforeExchange: false,
  },
  {
    name: 'token-endpoint-no-access-token',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'noAccessToken' },
    expectedCode: 'token_failed',
    beforeExchange: false,
  },
  {
    name: 'token-endpoint-token-type-not-bearer',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'tokenTypeMac' },
    expectedCode: 'token_failed',
    beforeExchange: false,
  },
  {
    name: 'token-endpoint-invalid-grant',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'invalidGrant' },
    expectedCode: 'token_failed',
    beforeExchange: false,
    withDetail: true,
  },
  {
    name: 'token-endpoint-5mb-body',
    group: 'token-endpoint',
    switches: { tokenEndpoint: 'hugeBody' },
    expectedCode: 'token_failed',
    beforeExchange: false,
  },

  // ID token
  {
    name: 'oidcc-client-test-invalid-iss',
    group: 'id-token',
    switches: { idToken: 'wrongIss' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-invalid-aud',
    group: 'id-token',
    switches: { idToken: 'wrongAud' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'id-token-extra-aud-without-azp',
    group: 'id-token',
    switches: { idToken: 'extraAudNoAzp' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-nonce-invalid',
    group: 'id-token',
    switches: { idToken: 'wrongNonce' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'id-token-missing-nonce',
    group: 'id-token',
    switches: { idToken: 'missingNonce' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'id-token-expired',
    group: 'id-token',
    switches: { idToken: 'expired' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-missing-sub',
    group: 'id-token',
    switches: { idToken: 'missingSub' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-missing-iat',
    group: 'id-token',
    switches: { idToken: 'missingIat' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-idtoken-sig-none',
    group: 'id-token',
    switches: { idToken: 'algNone' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  // HS256 with the provider's RSA public key as the HMAC secret (key confusion).
  {
    name: 'id-token-hs256-key-confusion',
    group: 'id-token',
    switches: { idToken: 'hs256' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-invalid-sig-rs256',
    group: 'id-token',
    switches: { idToken: 'badSignature' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'id-token-signed-by-unknown-key',
    group: 'id-token',
    switches: { idToken: 'unknownKey' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },
  {
    name: 'oidcc-client-test-kid-absent-multiple-jwks',
    group: 'id-token',
    switches: { idToken: 'noKidMultipleKeys' },
    expectedCode: 'id_token_invalid',
    beforeExchange: false,
  },

  // Discovery (metadata is cached in storage.session: the tests drop that item first)
  {
    name: 'oidcc-client-test-discovery-issuer-mismatch',
    group: 'discovery',
    switches: { discovery: 'wrongIssuer' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
  },
  {
    name: 'discovery-endpoints-http-non-loopback',
    group: 'discovery',
    switches: { discovery: 'httpNonLoopback' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  // Issue 12: one endpoint on another origin than the authority's (the same server as 127.0.0.1,
  // still loopback http), so the code, the refresh token, the key fetch or the id_token_hint would
  // go to another host. Each fails discovery, before anything opens.
  {
    name: 'discovery-authorization-endpoint-other-origin',
    group: 'discovery',
    switches: { discovery: 'authorizationOtherOrigin' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  {
    name: 'discovery-token-endpoint-other-origin',
    group: 'discovery',
    switches: { discovery: 'tokenOtherOrigin' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  {
    name: 'discovery-jwks-uri-other-origin',
    group: 'discovery',
    switches: { discovery: 'jwksOtherOrigin' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  {
    name: 'discovery-end-session-endpoint-other-origin',
    group: 'discovery',
    switches: { discovery: 'endSessionOtherOrigin' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  {
    name: 'discovery-revocation-endpoint-other-origin',
    group: 'discovery',
    switches: { discovery: 'revocationOtherOrigin' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
    withDetail: true,
  },
  {
    name: 'discovery-down',
    group: 'discovery',
    switches: { discovery: 'down' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
  },
  {
    name: 'discovery-not-json',
    group: 'discovery',
    switches: { discovery: 'notJson' },
    expectedCode: 'discovery_failed',
    beforeExchange: true,
  },
];

/**
 * The token endpoint never answers: the extension's request timeout (`Limits.requestTimeoutMs`, 15 s in
 * the built extension, 300 ms in the integration test) must end the sign-in.
 */
export const HANG_CASE: HostileCase = {
  name: 'token-endpoint-never-answers',
  group: 'token-endpoint',
  switches: { tokenEndpoint: 'hang' },
  expectedCode: 'timeout',
  beforeExchange: false,
};

/** The cases that are not a provider switch. */
export const REPLAYED_REDIRECT = 'replayed-redirect';
export const WINDOW_CLOSED = 'sign-in-window-closed';
/** What chrome.identity.launchWebAuthFlow rejects with when the user closes its window. */
export const WINDOW_CLOSED_MESSAGE = 'The user did not approve access.';

export function casesOf(group: HostileGroup): readonly HostileCase[] {
  return HOSTILE_CASES.filter((c) => c.group === group);
}

/** True when `message` reads as plain words: no markup, no stack trace, no "Error:" prefix. */
export function isPlainMessage(message: string): boolean {
  return !/<\s*[a-z!/]/i.test(message) && !/^\s*at\s/m.test(message) && !/\b\w*Error:/.test(message) && !/\n/.test(message);
}

/**
 * Issue 21, item 4: paths a hostile page may make the content script ask for (`client.fetch(api, path)`), as one
 * table that the unit test of the path rule (test/unit/api-path.test.ts), the integration test of the background
 * (test/integration/api-fetch.test.ts) and the e2e test of the content script all run. Each is refused with
 * `api_path_refused` before anything is sent. The paths are written for an API whose URL's path is
 * HOSTILE_PATH_API_PATH (the reference API's `/hello`, as the e2e build and the local build configure it).
 */
export interface HostilePathCase {
  readonly name: string;
  readonly path: string;
}

/** The path of the API URL the path cases are written for. */
export const HOSTILE_PATH_API_PATH = '/hello';

export const HOSTILE_PATH_CASES: readonly HostilePathCase[] = [
  // Another origin
  { name: 'absolute-url-other-origin', path: 'https://evil.example/hello' },
  { name: 'absolute-url-same-host', path: 'http://localhost/hello' },
  { name: 'protocol-relative', path: '//evil.example/hello' },
  { name: 'protocol-relative-backslash', path: '/\\evil.example/hello' },
  { name: 'backslash-first', path: '\\\\evil.example/hello' },
  { name: 'credentials-in-authority', path: '//user:pass@evil.example/hello' },
  { name: 'javascript-url', path: 'javascript:alert(1)' },
  { name: 'data-url', path: 'data:text/plain,hello' },
  // Not a path at all
  { name: 'empty', path: '' },
  { name: 'relative-without-slash', path: 'hello' },
  { name: 'query-only', path: '?name=x' },
  { name: 'too-long', path: `/hello/${'a'.repeat(2048)}` },
  // Another path prefix
  { name: 'other-prefix', path: '/admin' },
  { name: 'root', path: '/' },
  { name: 'prefix-without-segment-boundary', path: '/hellox' },
  { name: 'prefix-with-dash', path: '/hello-admin' },
  { name: 'prefix-in-other-case', path: '/HELLO' },
  // Dot segments, literal and percent-encoded
  { name: 'dot-dot-escape', path: '/hello/../admin' },
  { name: 'dot-dot-at-end', path: '/hello/..' },
  { name: 'dot-segment', path: '/hello/./x' },
  { name: 'encoded-dot-dot-lower', path: '/hello/%2e%2e/admin' },
  { name: 'encoded-dot-dot-mixed-case', path: '/hello/%2E%2e/admin' },
  { name: 'half-encoded-dot-dot', path: '/hello/.%2E/admin' },
  { name: 'double-encoded-dot-dot', path: '/hello/%252e%252e/admin' },
  { name: 'dot-dot-before-query', path: '/hello/..?x=1' },
  // Encoded slashes and backslashes
  { name: 'encoded-slash', path: '/hello%2f..%2fadmin' },
  { name: 'encoded-slash-upper', path: '/hello/%2Fadmin' },
  { name: 'double-encoded-slash', path: '/hello/%252fadmin' },
  { name: 'encoded-backslash', path: '/hello/%5c..%5cadmin' },
  { name: 'backslash-dot-dot', path: '/hello\\..\\admin' },
  { name: 'backslash-in-query', path: '/hello?next=\\evil.example' },
  // Characters the URL parser drops or reads otherwise
  { name: 'fragment', path: '/hello#x' },
  { name: 'space', path: '/hello world' },
  { name: 'tab-hides-dot-dot', path: '/hello/.\t./admin' },
  { name: 'newline', path: '/hello\n/../admin' },
  { name: 'carriage-return', path: '/hello\r' },
  { name: 'nul', path: '/hello\u0000' },
  { name: 'del', path: '/hello\u007f' },
  { name: 'line-separator', path: '/hello\u2028' },
  { name: 'bidi-override', path: '/hello/\u202eadmin' },
  { name: 'zero-width-space', path: '/hello/\u200b' },
  { name: 'no-break-space', path: '/hello\u00a0' },
];

/** Paths under HOSTILE_PATH_API_PATH that the rule allows (the control: the rule is not "refuse everything"). */
export const ALLOWED_PATH_CASES: readonly HostilePathCase[] = [
  { name: 'the-api-path', path: '/hello' },
  { name: 'with-trailing-slash', path: '/hello/' },
  { name: 'with-query', path: '/hello?name=x&n=1' },
  { name: 'query-with-encoded-slash-and-dots', path: '/hello?next=%2F..%2Fadmin' },
  { name: 'deeper', path: '/hello/world/1' },
  { name: 'dots-in-a-name', path: '/hello/a.b/...' },
  { name: 'non-ascii', path: '/hello/straße' },
];
