import { fieldEnv } from '../../../build/build-env';
import { API_SCOPE_NAME } from '../../../server/local';

/**
 * The e2e build points at a second B2C-shaped provider: another tenant, policy, tenant id, client
 * and ports than the local provider's defaults (build/build-env.ts). That the extension works against it proves it is
 * configured by WXT_* variables alone.
 */
// E2E_PORT moves both ports (the provider's, and the API's one above it), so two checkouts can run
// their e2e tests side by side.
const basePort = Number(process.env.E2E_PORT ?? 5390);

export const E2E = {
  idpPort: basePort,
  apiPort: basePort + 1,
  tenant: 'fabrikam',
  policy: 'B2C_1_e2e_signin',
  passwordResetPolicy: 'B2C_1_e2e_reset',
  profileEditPolicy: 'B2C_1_e2e_edit',
  tenantId: '5e1d9c7a-3b2f-4a8e-b6d4-0c9f8e7a6b5d',
  clientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  apiAppId: 'd7e6f5a4-b3c2-4d1e-8f0a-9b8c7d6e5f4a',
  apiScope: `https://fabrikam.onmicrosoft.com/e2e-api/${API_SCOPE_NAME}`,
  mode: 'e2e',
  /** A second build without the password-reset and profile-edit flows: it must behave as before them. */
  plainMode: 'e2e-plain',
  /** A build with no WXT_* configuration at all: set up at run time (options page or policy). */
  unconfiguredMode: 'e2e-unconfigured',
} as const;

const authorityOf = (policy: string) => `http://localhost:${E2E.idpPort}/${E2E.tenant}.onmicrosoft.com/${policy}/v2.0`;
export const e2eAuthority = authorityOf(E2E.policy);
export const e2ePasswordResetAuthority = authorityOf(E2E.passwordResetPolicy);
export const e2eProfileEditAuthority = authorityOf(E2E.profileEditPolicy);
export const e2eIssuer = `http://localhost:${E2E.idpPort}/${E2E.tenantId}/v2.0/`;
export const e2eApiUrl = `http://localhost:${E2E.apiPort}/hello`;

/** The sign-in flow's settings of the e2e builds, as the options page's fields (and a policy's names) hold them. */
export const e2eSettings = {
  authority: e2eAuthority,
  issuer: e2eIssuer,
  clientId: E2E.clientId,
  scopes: E2E.apiScope,
  apiUrl: e2eApiUrl,
};

/** The same settings as WXT_* variables (E2E.plainMode has just these). */
export const e2eEnv = fieldEnv(e2eSettings);
