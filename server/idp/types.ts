/**
 * The public types of the local B2C-compatible provider. Other packages code against these names, so they
 * change only together with server/idp/index.ts.
 */

/** Options for {@link startIdp}; every field has a default from server/local.ts. */
export interface IdpOptions {
  /** Default IDP_PORT; 0 picks a free port. */
  port?: number;
  /** Default TENANT; URL paths use `${tenant}.onmicrosoft.com`. */
  tenant?: string;
  /** The sign-up-or-sign-in user flow; default POLICY. */
  policy?: string;
  /** The password reset user flow; default PASSWORD_RESET_POLICY. */
  passwordResetPolicy?: string;
  /** The profile edit user flow; default PROFILE_EDIT_POLICY. */
  profileEditPolicy?: string;
  /** Default TENANT_ID; it goes in the issuer. */
  tenantId?: string;
  /** Default CLIENT_ID. */
  clientId?: string;
  /** The first API's app id when `apis` is not set; default API_APP_ID. */
  apiAppId?: string;
  /** The first API's scope (full URL form) when `apis` is not set; default API_SCOPE. */
  apiScope?: string;
  /**
   * Every API the client is consented for, in order. Default: the API of `apiAppId` and `apiScope`, then the second
   * demo API (SECOND_API_APP_ID, SECOND_API_SCOPE). Setting it together with `apiAppId` or `apiScope` is a TypeError.
   */
  apis?: readonly IdpApi[];
  /** Default [REDIRECT_URI, FIREFOX_REDIRECT_URI]; also the allowed post_logout_redirect_uris. */
  redirectUris?: string[];
  /** CORS origins for the token, keys and discovery endpoints; default the Chromium and (pinned) Firefox extension origins. */
  allowedOrigins?: string[];
  /** Private RS256 signing JWKs (with kid); default: one generated at start. */
  keys?: JsonWebKey[];
  /** Enables switches other than the defaults; default false. */
  testControls?: boolean;
  /** Receives one line per request (method, path, status), never a token or code. */
  log?: (line: string) => void;
}

/** An API registered in the tenant, as B2C knows it. */
export interface IdpApi {
  /** Its app id: the `aud` of its access tokens. */
  appId: string;
  /**
   * Its scopes in full URL form, under one App ID URI (`https://{tenant}.onmicrosoft.com/orders-api/orders.read`);
   * its tokens' `scp` holds the last segment.
   */
  scopes: readonly string[];
}

/** A running provider. */
export interface Idp {
  readonly port: number;
  /** `http://localhost:PORT` */
  readonly origin: string;
  /** `${origin}/${tenant}.onmicrosoft.com/${policy}/v2.0`, the discovery base of the sign-in flow (= authorities.signIn). */
  readonly authority: string;
  /** The discovery base of each user flow; all three share one issuer, one key set, one session and one user store. */
  readonly authorities: { readonly signIn: string; readonly resetPassword: string; readonly editProfile: string };
  /** `${origin}/${tenantId}/v2.0/`, the `iss` of metadata and tokens. */
  readonly issuer: string;
  readonly controls: IdpControls;
  /** Stops listening and drops every open connection (including hanging token requests). */
  close(): Promise<void>;
}

/** Counters since start or the last {@link IdpControls.reset}. */
export interface IdpStats {
  authorizeRequests: number;
  tokenRequests: { authorization_code: number; refresh_token: number };
  /** refresh_token grants that presented an already-used refresh token. */
  refreshTokenReuse: number;
  /** Requests to the end-session endpoint (GET or POST), whether they end the session or show the "Log out" page. */
  endSessionRequests: number;
  /** Sign-outs confirmed on the "Log out" page (endSession 'confirm'): POSTs that ended the session and redirected. */
  endSessionConfirmations: number;
  /** GETs of a user flow's OpenID configuration, and of the JWKS. */
  discoveryRequests: number;
  jwksRequests: number;
  /** Revocation requests answered (after revocationDelayMs): the token is revoked by the time this counts it. */
  revocationRequests: number;
  /** Revocation requests refused with 401 for carrying no client authentication (revocation 'confidentialOnly'). */
  revocationRefused: number;
}

/** Behaviour switches; each adversarial value applies to every matching response until reset. */
export interface IdpSwitches {
  /** Seconds, default 3600 (B2C default). */
  accessTokenTtl: number;
  /** Seconds, default 3600. */
  idTokenTtl: number;
  /** Seconds a new refresh token lives, default 86400 (24 h); rotation keeps the remaining lifetime. */
  refreshTokenTtl: number;
  /** The next N refresh_token grants answer 503 {"error":"temporarily_unavailable"}, then normal. */
  refreshFailures: number;
  /** The ID token from a refresh_token grant carries another sub (re-signed with the real key). */
  changeSubOnRefresh: boolean;
  /** Delay before the token endpoint answers (default 0). */
  tokenDelayMs: number;
  /** Delay before the revocation endpoint answers (default 0). */
  revocationDelayMs: number;
  tokenEndpoint: 'normal' | 'html500' | 'notJson' | 'noAccessToken' | 'tokenTypeMac' | 'invalidGrant' | 'hang' | 'hugeBody';
  idToken:
    | 'normal'
    | 'wrongIss'
    | 'wrongAud'
    | 'extraAudNoAzp'
    | 'wrongNonce'
    | 'missingNonce'
    | 'expired'
    | 'missingSub'
    | 'missingIat'
    | 'algNone'
    | 'hs256'
    | 'badSignature'
    | 'unknownKey'
    | 'noKidMultipleKeys';
  authorizeResponse: 'normal' | 'forgedState' | 'missingState' | 'accessDeniedHtml' | 'wrongIss' | 'implicitInjection';
  /**
   * `redirect` (B2C): the end-session GET ends the session and redirects at once. `confirm` (OpenID RP-Initiated
   * Logout §2): it shows a "Log out" page whose form POST (with a one-time xsrf value) ends the session and redirects.
   */
  endSession: 'redirect' | 'confirm';
  /**
   * `public`: any client may revoke its tokens, the public one too. `confidentialOnly` (as Glewlwyd 2.7): a request
   * without client authentication gets 401 with an empty body, and the metadata lists no `none`.
   */
  revocation: 'public' | 'confidentialOnly';
  /** `*OtherOrigin`: that one endpoint moves to http://127.0.0.1:PORT, the same server under another origin. */
  discovery:
    | 'normal'
    | 'wrongIssuer'
    | 'httpNonLoopback'
    | 'down'
    | 'notJson'
    | 'authorizationOtherOrigin'
    | 'tokenOtherOrigin'
    | 'jwksOtherOrigin'
    | 'endSessionOtherOrigin'
    | 'revocationOtherOrigin';
}

/** Test controls of a running provider. */
export interface IdpControls {
  /** Changes switches; throws a TypeError unless the provider was started with testControls. */
  set(switches: Partial<IdpSwitches>): void;
  /** Puts the switches back to their defaults, the stats to zero and the users back to DEMO_USERS. */
  reset(): void;
  /** Returns a copy of the counters. */
  stats(): IdpStats;
  /** Revokes every existing grant and its tokens: the next refresh answers invalid_grant. */
  revokeGrants(): Promise<void>;
  /** Ends every browser's session at the provider (the next prompt=none is interaction_required); tokens stay valid. */
  endSessions(): Promise<void>;
}
