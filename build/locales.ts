/**
 * The extension's messages (public/_locales) read in Node, where there is no browser.i18n: for the
 * build's own errors and for the tests. getMessage() substitutes as Chrome does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MessageKey } from '../lib/i18n';

/** One language's messages.json. */
export type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** The directory of the languages: one folder per language, each with a messages.json. */
export const LOCALES_DIR = resolve(import.meta.dirname, '..', 'public', '_locales');

/** The messages of `language` (a folder of public/_locales, e.g. `en`). */
export function readMessages(language: string): Messages {
  return JSON.parse(readFileSync(resolve(LOCALES_DIR, language, 'messages.json'), 'utf8')) as Messages;
}

/**
 * The message `key` with its $name$ placeholders and $1…$9 filled in as Chrome's i18n.getMessage
 * does (a missing substitution is empty, $$ is a $), or '' for a message that does not exist.
 */
export function getMessage(messages: Messages, key: string, substitutions: string | readonly string[] = []): string {
  const entry = messages[key] ?? Object.entries(messages).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
  if (!entry) return '';
  const subs = typeof substitutions === 'string' ? [substitutions] : substitutions;
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [name.toLowerCase(), content]),
  );
  return entry.message
    .replace(/\$([a-z0-9_@]+)\$/gi, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole)
    .replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (subs[Number(which) - 1] ?? '')));
}

let english: Messages | undefined;

/** The English text of a message, as a browser in English shows it (the file is read once). */
export function englishMessage(key: MessageKey, ...substitutions: string[]): string {
  english ??= readMessages('en');
  return getMessage(english, key, substitutions);
}
