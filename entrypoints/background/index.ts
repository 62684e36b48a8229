import { createAuth } from '@/lib/auth';
import { getConfig } from '@/lib/config';
import { handleMessages } from '@/lib/message-handler';
import { browser } from 'wxt/browser';
import { createHandlers } from './handlers';

export default defineBackground({
  type: 'module',
  main() {
    const config = getConfig();
    const auth = createAuth({
      config,
      redirectUri: browser.identity.getRedirectURL(),
      launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
    });
    handleMessages(createHandlers(auth, config));
  },
});
