import { readdirSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe, expect, it } from 'vitest';
import { getMessage, LOCALES_DIR, readMessages, type Messages } from '../../build/locales';
import { userMessage } from '../../packages/mv3-signin/src/core/errors';
import { t } from '../../lib/i18n';
import { ENGLISH, english as packageEnglish } from 'mv3-signin/en';

const english = readMessages('en');
const languages = readdirSync(LOCALES_DIR);

// Each placeholder's name and what it stands for ($1…), and the $name$ tokens the text uses.
function placeholdersOf(messages: Messages, key: string) {
  const entry = messages[key]!;
  const declared = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [name, content]));
  const used = [...new Set([...entry.message.matchAll(/\$([a-z0-9_]+)\$/gi)].map((match) => match[1]!))].sort();
  return { declared, used };
}

describe('public/_locales', () => {
  it('has English and German', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'de']));
  });

  describe.each(languages.filter((language) => language !== 'en'))('%s', (language) => {
    const messages = readMessages(language);

    it('has exactly the messages of English', () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
    });

    it('has no empty message, and the placeholders of English, each used', () => {
      for (const key of Object.keys(english)) {
        expect(messages[key]?.message.trim(), key).not.toBe('');
        const { declared, used } = placeholdersOf(messages, key);
        expect(declared, key).toEqual(placeholdersOf(english, key).declared);
        expect(used, key).toEqual(Object.keys(declared).sort());
      }
    });

    it('names its own language, the ui_locales sent to the provider', () => {
      expect(messages['language']?.message).toBe(language);
    });
  });

  it('uses in English every placeholder it declares, and declares every one it uses', () => {
    for (const key of Object.keys(english)) {
      const { declared, used } = placeholdersOf(english, key);
      expect(used, key).toEqual(Object.keys(declared).sort());
    }
  });
});

describe('the Node i18n (build and tests)', () => {
  it('substitutes as Chrome does: named placeholders, $1-style, a missing one empty, $$ a dollar', () => {
    const messages: Messages = {
      greet: { message: 'Hello $WHO$, $1 and $$5 $2!', placeholders: { who: { content: '$1' } } },
    };
    expect(getMessage(messages, 'greet', ['Ada', 'Bob'])).toBe('Hello Ada, Ada and $5 Bob!');
    expect(getMessage(messages, 'GREET', 'Ada')).toBe('Hello Ada, Ada and $5 !');
    expect(getMessage(messages, 'missing')).toBe('');
  });

  it('serves lib/ the real English messages, and survives fakeBrowser.reset()', () => {
    fakeBrowser.reset();
    expect(t('popup_sign_in')).toBe('Sign in');
    expect(t('check_found', 'https://x.example/')).toBe('Found the OpenID configuration at https://x.example/.');
    expect(userMessage('login_cancelled')).toBe('Sign-in was cancelled.');
    expect(fakeBrowser.i18n.getUILanguage()).toBe('en');
  });
});

// The package's optional English words are the extension's own English messages, key for key: an
// adopter passing `english` reads what this extension's users read.
describe("the package's English words (mv3-signin/en)", () => {
  it.each(Object.keys(ENGLISH) as (keyof typeof ENGLISH)[])('%s is the message of public/_locales/en', (key) => {
    const substitutions = ['<one>', '<two>', '<three>'];
    expect(packageEnglish(key, ...substitutions)).toBe(getMessage(english, key, substitutions));
  });
});
