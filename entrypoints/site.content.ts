import { createSignInClient } from 'mv3-signin/client';
import { t } from '@/lib/i18n';
import { showSiteData } from '@/lib/site-data';

// Not in the manifest: the background registers this script (scripting.registerContentScripts) on a site the user
// turned on in the options page ("Show on <origin>"), and only there; it asks the background for data, never a token.
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const client = createSignInClient({ words: t });
    ctx.onInvalidated(showSiteData(document, (api, path) => client.fetch(api, path)));
  },
});
