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
