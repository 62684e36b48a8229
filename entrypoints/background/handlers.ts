import { callApiWithRetry } from '@/lib/api';
import type { ConfiguredAuth } from '@/lib/configured-auth';
import { AppError } from '@/lib/errors';
import type { Handlers } from '@/lib/messages';
import { checkSettings, saveSettings, settingsView } from '@/lib/settings';

/** One function per message name, each a call into lib/. */
export function createHandlers(configured: ConfiguredAuth, redirectUri: string): Handlers {
  const auth = () => configured.auth();
  return {
    async getState() {
      try {
        return await (await auth()).getState();
      } catch (err) {
        if (err instanceof AppError && (err.code === 'not_set_up' || err.code === 'config_invalid')) {
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
      if (!config) throw new AppError('not_set_up');
      return callApiWithRetry(config.apiUrl, (options) => current.getAccessToken(options));
    },
    getSettings: () => settingsView(configured, redirectUri),
    checkSettings: (value) => checkSettings(configured, redirectUri, value),
    saveSettings: (value) => saveSettings(configured, redirectUri, value),
  };
}
