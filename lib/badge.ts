import { browser } from 'wxt/browser';
import { profileItem } from '../packages/mv3-signin/src/auth/store';

/**
 * Keeps a ✓ on the toolbar icon while someone is signed in: from the stored profile now (a
 * restarted worker), and on each change of it (sign-in, sign-out, a session ended by refresh).
 */
export function followSignedIn(): void {
  const show = (profile: unknown) => void browser.action.setBadgeText({ text: profile ? '✓' : '' });
  void browser.action.setBadgeBackgroundColor({ color: '#2e7d32' });
  void profileItem.getValue().then(show);
  profileItem.watch(show);
}
