/**
 * Vitest setup (unit and integration): WXT's fakeBrowser has no i18n ("not implemented"), so lib/
 * gets the real English messages of public/_locales, substituted as Chrome does. fakeBrowser.reset()
 * resets each API's state and leaves these functions in place.
 */
import { fakeBrowser } from 'wxt/testing';
import { getMessage, readMessages } from '../../build/locales';
import { useWords } from '../../packages/mv3-signin/src/core/words';

const english = readMessages('en');

fakeBrowser.i18n.getMessage = (key, substitutions) => getMessage(english, key, substitutions);
fakeBrowser.i18n.getUILanguage = () => 'en';

// The package (packages/mv3-signin) finds the extension API as `globalThis.browser`, and words its
// errors with the app's messages, as the background's createSignIn({ words: t }) makes it.
(globalThis as { browser?: unknown }).browser = fakeBrowser;
useWords((key, ...substitutions) => getMessage(english, key, substitutions));
