import { browser } from 'wxt/browser';
import { profileItem } from './session';

/**
 * Keeps a mark on the toolbar icon while someone is signed in: from the stored profile now (a
 * restarted worker), and on each change of it (sign-in, sign-out, a session ended by refresh).
 */
export function followSignedIn(): void {
  const show = (signedIn: boolean) =>
    void Promise.all([
      browser.action.setBadgeBackgroundColor({ color: '#2e7d32' }),
      browser.action.setBadgeText({ text: signedIn ? '✓' : '' }),
    ]);
  void profileItem.getValue().then((profile) => show(profile !== null));
  profileItem.watch((profile) => show(profile !== null));
}
