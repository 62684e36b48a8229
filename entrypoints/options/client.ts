import { createSignInClient } from 'mv3-signin/client';
import { t } from '@/lib/i18n';

// The options page's one client: Check and Save are one message each (the background makes every request, with
// sign-in's limits, so the page never fetches on its own), and so are the sites' toggles.
export const client = createSignInClient({ words: t });
