import { fieldEnv } from '../../../build/build-env';
import { API_SCOPE_NAME, SECOND_API_SCOPE_NAME } from '../../../server/local';

/**
 * The e2e build points at a second B2C-shaped provider: another tenant, policy, tenant id, client
 * and ports than the local provider's defaults (build/build-env.ts). That the extension works against it proves it is
 * configured by WXT_* variables alone.
 */
// E2E_PORT moves every port (the provider's, the API's one above it and the second API's above that), so two
// checkouts can run their e2e tests side by side.
const basePort = Number(process.env.E2E_PORT ?? 5390);

export const E2E = {
  idpPort: basePort,
  apiPort: basePort + 1,
  /** The tenant's second API (E2E.apisMode calls it second): the reference API with its own audience and scope. */
  secondApiPort: basePort + 2,
  tenant: 'fabrikam',
  policy: 'B2C_1_e2e_signin',
  passwordResetPolicy: 'B2C_1_e2e_reset',
  profileEditPolicy: 'B2C_1_e2e_edit',
  tenantId: '5e1d9c7a-3b2f-4a8e-b6d4-0c9f8e7a6b5d',
  clientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  apiAppId: 'd7e6f5a4-b3c2-4d1e-8f0a-9b8c7d6e5f4a',
  apiScope: `https://fabrikam.onmicrosoft.com/e2e-api/${API_SCOPE_NAME}`,
  secondApiAppId: '3c2b1a09-8f7e-4d6c-a5b4-c3d2e1f0a9b8',
  secondApiScope: `https://fabrikam.onmicrosoft.com/e2e-orders/${SECOND_API_SCOPE_NAME}`,
  /** The APIs' names in E2E.apisMode (the popup's "Call <name>"); the other builds have the one API "API". */
  apiName: 'Fabrikam Hello',
  secondApiName: 'Fabrikam Orders',
  mode: 'e2e',
  /** A second build without the password-reset and profile-edit flows: it must behave as before them. */
  plainMode: 'e2e-plain',
  /** A build with no WXT_* configuration at all: set up at run time (options page or policy). */
  unconfiguredMode: 'e2e-unconfigured',
  /** A build with two APIs (WXT_APIS, and no WXT_API_URL or WXT_SCOPES): one sign-in, a token per API. */
  apisMode: 'e2e-apis',
} as const;

const authorityOf = (policy: string) => `http://localhost:${E2E.idpPort}/${E2E.tenant}.onmicrosoft.com/${policy}/v2.0`;
export const e2eAuthority = authorityOf(E2E.policy);
export const e2ePasswordResetAuthority = authorityOf(E2E.passwordResetPolicy);
export const e2eProfileEditAuthority = authorityOf(E2E.profileEditPolicy);
export const e2eIssuer = `http://localhost:${E2E.idpPort}/${E2E.tenantId}/v2.0/`;
export const e2eApiUrl = `http://localhost:${E2E.apiPort}/hello`;
export const e2eSecondApiUrl = `http://localhost:${E2E.secondApiPort}/hello`;

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

/** E2E.apisMode's APIs, as WXT_APIS lists them: the first API, then the second. */
export const e2eApis = [
  { name: E2E.apiName, url: e2eApiUrl, scopes: E2E.apiScope },
  { name: E2E.secondApiName, url: e2eSecondApiUrl, scopes: E2E.secondApiScope },
] as const;

/** E2E.apisMode's variables: the sign-in flow's, and the APIs as a list only (WXT_APIS). */
export const e2eApisEnv = fieldEnv({
  authority: e2eAuthority,
  issuer: e2eIssuer,
  clientId: E2E.clientId,
  apis: JSON.stringify(e2eApis),
});
