import { callApiWithRetry } from '../../packages/mv3-signin/src/service/api';
import type { SettingsState } from '../../packages/mv3-signin/src/settings/sources';
import type { ConfiguredAuth } from '../../packages/mv3-signin/src/service/configured';
import { checkableUrl, readDiscovery } from '../../packages/mv3-signin/src/check/discovery-read';
import { SignInError } from '../../packages/mv3-signin/src/core/errors';
import { sendsNoCors } from '../../packages/mv3-signin/src/service/host-access';
import type { Handlers, SettingsView } from '../../packages/mv3-signin/src/messaging/protocol';
import { checkRedirectRegistered, toRedirectCheck } from '../../packages/mv3-signin/src/check/redirect-check';
import { launchWebAuthFlow } from '../../packages/mv3-signin/src/auth/web-auth-flow';

function toView(state: SettingsState, redirectUri: string): SettingsView {
  return { values: state.values, locked: state.locked, redirectUri, ...(state.problem ? { problem: state.problem } : {}) };
}

function asUrl(value: unknown): URL {
  const url = checkableUrl(value);
  if (!url) throw new SignInError('bad_request');
  return url;
}

/**
 * One function per message name, each a call into lib/. `applySettings` re-reads the settings and
 * puts them in force (the background's one way to do it).
 */
export function createHandlers(
  configured: ConfiguredAuth,
  redirectUri: string,
  applySettings: () => Promise<SettingsState>,
): Handlers {
  const auth = () => configured.auth();
  return {
    async getState() {
      try {
        return await (await auth()).getState();
      } catch (err) {
        if (err instanceof SignInError && (err.code === 'not_set_up' || err.code === 'config_invalid')) {
          return { signedIn: false, busy: false, needsSetup: true };
        }
        throw err;
      }
    },
    signIn: async () => (await auth()).signIn(),
    signOut: async () => (await auth()).signOut(),
    useAnotherAccount: async () => (await auth()).useAnotherAccount(),
    editProfile: async () => (await auth()).editProfile(),
    async callApi() {
      const current = await auth();
      const { config } = await configured.state();
      if (!config) throw new SignInError('not_set_up');
      return callApiWithRetry(config.apiUrl, (options) => current.getAccessToken(options));
    },
    getSettings: async () => toView(await configured.state(), redirectUri),
    applySettings: async () => toView(await applySettings(), redirectUri),
    readDiscovery: (value) => readDiscovery(asUrl(value)),
    probeCors: (value) => sendsNoCors(asUrl(value)),
    async checkRedirect(value) {
      const check = toRedirectCheck(value, checkableUrl);
      if (!check) throw new SignInError('bad_request');
      return checkRedirectRegistered(check, redirectUri, { silentFlow: launchWebAuthFlow });
    },
  };
}
