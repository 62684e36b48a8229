import { buildExtension } from './support/build-extension';
import { E2E, e2eApiUrl, e2eAuthority, e2eIssuer } from './support/e2e-env';
import { findBrowser } from '../../scripts/find-browser';

/** Checks for a browser first (one clear line if there is none), then builds the e2e extension once. */
export default async function setup(): Promise<void> {
  await findBrowser();
  await buildExtension(E2E.mode, {
    WXT_AUTHORITY: e2eAuthority,
    WXT_ISSUER: e2eIssuer,
    WXT_CLIENT_ID: E2E.clientId,
    WXT_SCOPES: E2E.apiScope,
    WXT_API_URL: e2eApiUrl,
  });
}
