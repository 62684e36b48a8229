import { callApiWithRetry } from '@/lib/api';
import type { Auth } from '@/lib/auth';
import type { Config } from '@/lib/config';
import type { Handlers } from '@/lib/messages';

/** One function per message name, each a call into lib/. */
export function createHandlers(auth: Auth, config: Config): Handlers {
  return {
    getState: () => auth.getState(),
    signIn: () => auth.signIn(),
    signOut: () => auth.signOut(),
    useAnotherAccount: () => auth.useAnotherAccount(),
    editProfile: () => auth.editProfile(),
    callApi: () => callApiWithRetry(config.apiUrl, (options) => auth.getAccessToken(options)),
  };
}
