/**
 * The fixed values of the local system: the B2C-compatible provider (server/idp), the reference API
 * (server/api), the development build of the extension, the scripts and the tests all agree on these.
 * The extension's own code (lib/, entrypoints/) never imports this file: the build takes its WXT_*
 * defaults for the local system from here (build/build-env.ts, only when WXT_AUTHORITY is not set),
 * and build/manifest.ts the development key and the Firefox add-on id. The reference API reads it only for its defaults (server/api/config.ts, options.ts).
 */
import { createHash } from 'node:crypto';

/** Public half of the development signing key, so the extension id (and redirect URI) stays fixed. */
export const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtP8RkAcxqkbmY/sh5Im7JHt9fnjmgRvlQexwzxEzttWnm7Yrk107q1cQ5+gSkjwIZiuapAeCS7rF1AkhZPEu0OZL2QrH2R0rio05cUlsEiwStaY6plvvKrJkhMbDz+1OEgndvomIohBBmCjJjJ5VOaiCXCCU0G2mIXCiNtgZCbX9KiUsTKAqfL613dDMNPAoHtwLjRT92jwGpavNXZ8GflKUhzLUINuE6HxSpBXwhHWhDE7iF0e8RKO8A3bIw/cMYoVWPDok+5T1PhFXHEfGMVLqvvsXkvFjfS1BL+CGTWYsFhEPgvOx642+y7Ueu8sXQjDPVIBQVYhQuemgkYxi0QIDAQAB';
/** The id Chromium derives from EXTENSION_KEY. */
export const EXTENSION_ID = 'ekcfaeegoihhpeicjolchlaeehbgfljn';
/** What `identity.getRedirectURL()` returns for EXTENSION_ID. */
export const REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

/** The Firefox build's add-on id (browser_specific_settings.gecko.id); WXT_GECKO_ID overrides it. */
export const GECKO_ID = 'b2c-signin@example.com';
/** Firefox's `identity.getRedirectURL()`: https://<hex SHA-1 of the add-on id>.extensions.allizom.org/ */
export const FIREFOX_REDIRECT_URI = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/`;
/**
 * Firefox gives each install a random UUID, and with it the moz-extension:// origin its requests
 * carry. The local system pins it (preference extensions.webextensions.uuids) so the provider and
 * the API can name the origin they accept.
 */
export const FIREFOX_EXTENSION_UUID = '6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export const IDP_PORT = 5280;
export const API_PORT = 5281;

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
/** The API's app registration: the `aud` of access tokens for API_SCOPE. */
export const API_APP_ID = 'c4a1e7b2-9d3f-4b6a-8e5c-1f2a3b4c5d6e';
export const API_SCOPE_NAME = 'demo.read';
export const API_SCOPE = `https://${TENANT_DOMAIN}/demo-api/${API_SCOPE_NAME}`;

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

export interface DemoUser {
  readonly email: string;
  readonly password: string;
  /** Absent for a user whose display name falls back to the email. */
  readonly name?: string;
  /** B2C's object id, which is also `sub`. */
  readonly oid: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'alice@example.com', password: 'alice-demo-pass', name: 'Alice Liddell', oid: '0b9a4c1e-2f3d-4e5a-8b6c-7d8e9f0a1b2c' },
  { email: 'bob@example.com', password: 'bob-demo-pass', name: 'Bob Marley', oid: '1c0b5d2f-3a4e-4f6b-9c7d-8e9f0a1b2c3d' },
  { email: 'noname@example.com', password: 'noname-demo-pass', oid: '2d1c6e3a-4b5f-4a7c-8d8e-9f0a1b2c3d4e' },
];
