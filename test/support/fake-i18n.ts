/**
 * Vitest setup (unit and integration): WXT's fakeBrowser has no i18n ("not implemented"), so lib/
 * gets the real English messages of public/_locales, substituted as Chrome does. fakeBrowser.reset()
 * resets each API's state and leaves these functions in place.
 */
import { fakeBrowser } from 'wxt/testing';
import { getMessage, readMessages } from '../../build/locales';

const english = readMessages('en');

fakeBrowser.i18n.getMessage = (key, substitutions) => getMessage(english, key, substitutions);
fakeBrowser.i18n.getUILanguage = () => 'en';
