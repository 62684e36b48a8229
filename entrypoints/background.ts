import { createSignIn } from 'mv3-signin/background';
import { layeredSettings } from 'mv3-signin/settings';
import { followSignedIn } from '@/lib/badge';
import { buildValues } from '@/lib/build-settings';
import { t } from '@/lib/i18n';

// A classic worker, not `type: 'module'`: WXT then bundles it alone, so it loads no chunk shared
// with the pages (and with it the pages' code): see npm run bench:size.
export default defineBackground({
  // Wiring only, and all of it synchronous: a restarted worker must have its listeners before
  // the event that woke it is dispatched. Settings: the build's, then the options page's, then policy.
  main() {
    const settings = layeredSettings({ build: buildValues(import.meta.env) });
    // The content script WXT builds from entrypoints/site.content.ts (not in the manifest: `registration: 'runtime'`),
    // which the package registers on a site the user allows in the options page.
    followSignedIn(createSignIn({ settings, words: t, contentScript: { js: ['content-scripts/site.js'] } }));
  },
});
