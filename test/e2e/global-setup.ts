import { buildExtension, UNCONFIGURED } from '../../tooling/build-extension';
import { fieldEnv } from '../../build/build-env';
import { E2E, e2eApisEnv, e2eEnv, e2ePasswordResetAuthority, e2eProfileEditAuthority, e2eSettings } from './support/e2e-env';
import { findBrowser } from '../../tooling/find-browser';

/**
 * Checks for a browser first (one clear line if there is none), then builds the e2e extension
 * with all three user flows for Chromium and Firefox, once without the password-reset and
 * profile-edit flows, once with no configuration, and once with two APIs (WXT_APIS).
 */
export default async function setup(): Promise<void> {
  await findBrowser();
  await buildExtension(E2E.plainMode, e2eEnv);
  await buildExtension(E2E.unconfiguredMode, UNCONFIGURED);
  await buildExtension(E2E.apisMode, e2eApisEnv);
  const withFlows = fieldEnv({
    ...e2eSettings,
    passwordResetAuthority: e2ePasswordResetAuthority,
    profileEditAuthority: e2eProfileEditAuthority,
  });
  await buildExtension(E2E.mode, withFlows);
  await buildExtension(E2E.mode, withFlows, { browser: 'firefox' });
}
