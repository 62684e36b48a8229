import type { Auth } from '../../packages/mv3-signin/src/auth/index';
import { followSignedIn } from '@/lib/badge';
import { createConfiguredAuth } from '../../packages/mv3-signin/src/service/configured';
import { followHostAccess } from '../../packages/mv3-signin/src/service/host-access';
import { handleMessages } from '../../packages/mv3-signin/src/messaging/handler';
import { launchWebAuthFlow } from '../../packages/mv3-signin/src/auth/web-auth-flow';
import { browser } from 'wxt/browser';
import { createHandlers } from './handlers';

// A classic worker, not `type: 'module'`: WXT then bundles it alone, so it loads no chunk shared
// with the pages (and with it the pages' code): see npm run bench:size.
export default defineBackground({
  // Wiring only, and all of it synchronous: a restarted worker must have its listeners before
  // the event that woke it is dispatched.
  main() {
    const redirectUri = browser.identity.getRedirectURL();
    const configured = createConfiguredAuth({ redirectUri, launchWebAuthFlow });
    // An event for the sign-in logic does nothing while the extension is not set up.
    const withAuth = (run: (auth: Auth) => Promise<void>) => void configured.auth().then(run, () => undefined);
    // Saved settings and an administrator's policy apply at once, and host access follows them.
    const applySettings = () => configured.reload().then(followHostAccess);
    handleMessages(createHandlers(configured, redirectUri, applySettings));
    followSignedIn();
    browser.alarms.onAlarm.addListener((alarm) => withAuth((auth) => auth.handleAlarm(alarm.name)));
    browser.runtime.onStartup.addListener(() => withAuth((auth) => auth.resume()));
    browser.runtime.onInstalled.addListener(() => withAuth((auth) => auth.resume()));
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'managed' || (area === 'local' && 'config' in changes)) void applySettings();
    });
  },
});
