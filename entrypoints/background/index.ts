import { createAuth } from '@/lib/auth';
import { getConfig } from '@/lib/config';
import { handleMessages } from '@/lib/message-handler';
import { launchWebAuthFlow } from '@/lib/web-auth-flow';
import { browser } from 'wxt/browser';
import { createHandlers } from './handlers';

export default defineBackground({
  type: 'module',
  // Wiring only, and all of it synchronous: a restarted worker must have its listeners before
  // the event that woke it is dispatched.
  main() {
    const config = getConfig();
    const auth = createAuth({
      config,
      redirectUri: browser.identity.getRedirectURL(),
      launchWebAuthFlow,
    });
    handleMessages(createHandlers(auth, config));
    browser.alarms.onAlarm.addListener((alarm) => void auth.handleAlarm(alarm.name));
    browser.runtime.onStartup.addListener(() => void auth.resume());
    browser.runtime.onInstalled.addListener(() => void auth.resume());
  },
});
