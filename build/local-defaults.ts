/**
 * The local system's values that the build owns: the development key (and the id Chromium derives
 * from it), the Firefox add-on id, and the local provider and API that a build with no
 * WXT_AUTHORITY falls back to (build/build-env.ts). The local provider (server/idp), the reference
 * API (server/api), the scripts and the tests take the same values through server/local.ts, which
 * re-exports them: the build never imports server/ (eslint.config.js).
 *
 * Plain values with no imports: server/ loads this file under Node's type stripping.
 */

/** Public half of the development signing key, so the extension id (and redirect URI) stays fixed. */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtP8RkAcxqkbmY/sh5Im7JHt9fnjmgRvlQexwzxEzttWnm7Yrk107q1cQ5+gSkjwIZiuapAeCS7rF1AkhZPEu0OZL2QrH2R0rio05cUlsEiwStaY6plvvKrJkhMbDz+1OEgndvomIohBBmCjJjJ5VOaiCXCCU0G2mIXCiNtgZCbX9KiUsTKAqfL613dDMNPAoHtwLjRT92jwGpavNXZ8GflKUhzLUINuE6HxSpBXwhHWhDE7iF0e8RKO8A3bIw/cMYoVWPDok+5T1PhFXHEfGMVLqvvsXkvFjfS1BL+CGTWYsFhEPgvOx642+y7Ueu8sXQjDPVIBQVYhQuemgkYxi0QIDAQAB';
/** The id Chromium derives from EXTENSION_KEY. */
export const EXTENSION_ID = 'ekcfaeegoihhpeicjolchlaeehbgfljn';

/** The Firefox build's add-on id (browser_specific_settings.gecko.id); WXT_GECKO_ID overrides it. */
export const GECKO_ID = 'b2c-signin@example.com';

export const IDP_PORT = 5280;
export const API_PORT = 5281;
/** The reference API run as the tenant's second API (server/api, `npm run api:second`). */
export const SECOND_API_PORT = 5282;

export const TENANT = 'b2cdemo';
export const TENANT_DOMAIN = `${TENANT}.onmicrosoft.com`;
export const POLICY = 'B2C_1_signupsignin';
/** The self-service password reset user flow. */
export const PASSWORD_RESET_POLICY = 'B2C_1_passwordreset';
/** The profile editing user flow. */
export const PROFILE_EDIT_POLICY = 'B2C_1_profileedit';
/** B2C puts the tenant's GUID, not its name, in the issuer. */
export const TENANT_ID = '8d3e2b4a-6c1f-4e7a-9b2d-5f0c1a7e3b96';
/** The extension's app registration (a public client, no secret). */
export const CLIENT_ID = '3f6c9a12-7b4e-4d8a-a1c5-2e9b0d7f4c63';
export const API_SCOPE_NAME = 'demo.read';
export const API_SCOPE = `https://${TENANT_DOMAIN}/demo-api/${API_SCOPE_NAME}`;
/**
 * The second API's delegated permission, and its full URL under that API's App ID URI. The demo client is
 * consented for both APIs, but B2C issues an access token for one API at a time (AADB2C90146).
 */
export const SECOND_API_SCOPE_NAME = 'orders.read';
export const SECOND_API_SCOPE = `https://${TENANT_DOMAIN}/orders-api/${SECOND_API_SCOPE_NAME}`;
/**
 * The two APIs' names in a local build that lists both (WXT_APIS): the popup's "Call <name>" buttons, and the name
 * the reference API's demo page (`GET /`) asks the extension's content script to call it by.
 */
export const API_NAME = 'Hello API';
export const SECOND_API_NAME = 'Orders API';

export function idpOrigin(port = IDP_PORT): string {
  return `http://localhost:${port}`;
}
/** The authority (discovery base) of one user flow (default the sign-in one) for a provider on `port`, B2C-shaped. */
export function authorityFor(port = IDP_PORT, policy = POLICY): string {
  return `${idpOrigin(port)}/${TENANT_DOMAIN}/${policy}/v2.0`;
}
/** The issuer in the metadata and tokens, which differs from the authority as in B2C. */
export function issuerFor(port = IDP_PORT): string {
  return `${idpOrigin(port)}/${TENANT_ID}/v2.0/`;
}
export function apiUrlFor(port = API_PORT): string {
  return `http://localhost:${port}/hello`;
}
