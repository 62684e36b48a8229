import { browser } from 'wxt/browser';
import type messages from '../public/_locales/en/messages.json';

/** A message's name in public/_locales/<lang>/messages.json (English is the reference: a missing name fails tsc). */
export type MessageKey = keyof typeof messages;

/**
 * The message `key` in the browser's language (English when there is no translation), with
 * `substitutions` in its $1…$9 placeholders. The texts live in public/_locales, not in the bundle.
 */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions);
}

/** The language the messages are in (a BCP 47 tag, e.g. `de`): the pages' `lang`, and the provider's `ui_locales`. */
export function messagesLanguage(): string {
  return t('language');
}

/** Gives a page its language (`<html lang>`) and its title in that language. */
export function localizeDocument(document: Document, titleKey: MessageKey): void {
  document.documentElement.lang = messagesLanguage();
  document.title = t(titleKey);
}
