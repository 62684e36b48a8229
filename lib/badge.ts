import type { SignInService } from 'mv3-signin/background';
import { browser } from 'wxt/browser';

/**
 * Keeps a ✓ on the toolbar icon while someone is signed in: now (a restarted worker), and on each
 * change (sign-in, sign-out, a session ended by refresh).
 */
export function followSignedIn(service: SignInService): void {
  void browser.action.setBadgeBackgroundColor({ color: '#2e7d32' });
  service.subscribe((state) => void browser.action.setBadgeText({ text: state.signedIn ? '✓' : '' }));
}
