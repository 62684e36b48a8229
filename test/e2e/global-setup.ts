import { buildExtension, UNCONFIGURED } from '../../tooling/build-extension';
import { E2E, e2eEnv, e2ePasswordResetAuthority, e2eProfileEditAuthority } from './support/e2e-env';
import { findBrowser } from '../../tooling/find-browser';

/**
 * Checks for a browser first (one clear line if there is none), then builds the e2e extension
 * with all three user flows for Chromium and Firefox, and once without the password-reset and
 * profile-edit flows.
 */
export default async function setup(): Promise<void> {
  await findBrowser();
  const env = e2eEnv;
  await buildExtension(E2E.plainMode, env);
  await buildExtension(E2E.unconfiguredMode, UNCONFIGURED);
  const withFlows = {
    ...env,
    WXT_PASSWORD_RESET_AUTHORITY: e2ePasswordResetAuthority,
    WXT_PROFILE_EDIT_AUTHORITY: e2eProfileEditAuthority,
  };
  await buildExtension(E2E.mode, withFlows);
  await buildExtension(E2E.mode, withFlows, { browser: 'firefox' });
}
