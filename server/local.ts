/**
 * The fixed values of the local system: the B2C-compatible provider (server/idp), the reference API
 * (server/api), the development build of the extension, the scripts and the tests all agree on these.
 * What the build needs too (the development key, the Firefox add-on id, the local provider's
 * tenant, flows, client and ports) is defined in build/local-defaults.ts and re-exported here; the
 * rest (redirect URIs, origins, the API's registration, the demo users) is the servers' and tests'
 * own. Neither the extension's code (lib/, entrypoints/) nor its build (build/) imports this file.
 * The reference API reads it only for its defaults (server/api/config.ts, options.ts).
 */
import { createHash } from 'node:crypto';
import { EXTENSION_ID, GECKO_ID } from '../build/local-defaults.ts';

export {
  EXTENSION_KEY,
  EXTENSION_ID,
  GECKO_ID,
  IDP_PORT,
  API_PORT,
  SECOND_API_PORT,
  TENANT,
  TENANT_DOMAIN,
  POLICY,
  PASSWORD_RESET_POLICY,
  PROFILE_EDIT_POLICY,
  TENANT_ID,
  CLIENT_ID,
  API_SCOPE_NAME,
  API_SCOPE,
  SECOND_API_SCOPE_NAME,
  SECOND_API_SCOPE,
  API_NAME,
  SECOND_API_NAME,
  idpOrigin,
  authorityFor,
  issuerFor,
  apiUrlFor,
} from '../build/local-defaults.ts';

/** What `identity.getRedirectURL()` returns for EXTENSION_ID. */
export const REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

/** Firefox's `identity.getRedirectURL()`: https://<hex SHA-1 of the add-on id>.extensions.allizom.org/ */
export const FIREFOX_REDIRECT_URI = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/`;
/**
 * Firefox gives each install a random UUID, and with it the moz-extension:// origin its requests
 * carry. The local system pins it (preference extensions.webextensions.uuids) so the provider and
 * the API can name the origin they accept.
 */
export const FIREFOX_EXTENSION_UUID = '6f1d7a2e-4b3c-4e5f-9a8b-2c1d0e9f8a7b';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

/** The API's app registration: the `aud` of access tokens for API_SCOPE. */
export const API_APP_ID = 'c4a1e7b2-9d3f-4b6a-8e5c-1f2a3b4c5d6e';
/** The second API's app registration: the `aud` of access tokens for SECOND_API_SCOPE. */
export const SECOND_API_APP_ID = 'e5b2f8c3-0a4d-4c7b-9f6e-2a3b4c5d6e7f';

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
