import { describe, expect, it } from 'vitest';
import { getMessage, readMessages } from '../../build/locales';
import { initials, relativeTime } from '../../entrypoints/popup/format';
import type { MessageKey } from '../../lib/i18n';

const GERMAN = readMessages('de');

const MIN = 60_000;

describe('relativeTime', () => {
  it('minutes below the hour, hours below the day, days beyond', () => {
    expect(relativeTime(59 * MIN, 0, 'en')).toBe('in 59 minutes');
    expect(relativeTime(60 * MIN - 20_000, 0, 'en')).toBe('in 1 hour');
    expect(relativeTime(5 * 60 * MIN, 0, 'en')).toBe('in 5 hours');
    expect(relativeTime(3 * 24 * 60 * MIN, 0, 'en')).toBe('in 3 days');
    expect(relativeTime(0, 5 * MIN, 'en')).toBe('5 minutes ago');
  });

  it('under half a minute either way is "this minute"; half a minute ahead is "in 1 minute"', () => {
    expect(relativeTime(29_000, 0, 'en')).toBe('this minute');
    expect(relativeTime(0, 29_000, 'en')).toBe('this minute');
    expect(relativeTime(31_000, 0, 'en')).toBe('in 1 minute');
  });

  it('in the language asked for, with its plural forms', () => {
    const de = (key: MessageKey, ...substitutions: string[]) => getMessage(GERMAN, key, substitutions);
    expect(relativeTime(59 * MIN, 0, 'de', de)).toBe('in 59 Minuten');
    expect(relativeTime(60 * MIN, 0, 'de', de)).toBe('in 1 Stunde');
    expect(relativeTime(0, 2 * 60 * MIN, 'de', de)).toBe('vor 2 Stunden');
    expect(relativeTime(0, 24 * 60 * MIN, 'de', de)).toBe('vor 1 Tag');
    expect(relativeTime(0, 10_000, 'de', de)).toBe('in dieser Minute');
  });

  it('says what Intl.RelativeTimeFormat says in English for every minute of a day either way', () => {
    const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    for (let minutes = -24 * 60; minutes <= 24 * 60; minutes += 1) {
      const diff = minutes * MIN;
      const [count, unit] =
        Math.abs(minutes) < 60
          ? [minutes, 'minute' as const]
          : Math.abs(Math.round(minutes / 60)) < 24
            ? [Math.round(minutes / 60), 'hour' as const]
            : [Math.round(minutes / 1440), 'day' as const];
      // numeric: 'auto' words only "now" alike ("this minute"); a day either way it calls tomorrow/yesterday.
      if (unit === 'day') continue;
      expect(relativeTime(diff, 0, 'en')).toBe(format.format(count, unit));
    }
  });
});

describe('initials', () => {
  it('the first letters of the first and last word, upper case', () => {
    expect(initials('Alice Liddell')).toBe('AL');
    expect(initials('  bob  van der berg ')).toBe('BB');
    expect(initials('Ærøskøbing')).toBe('Æ');
  });

  it('an email gives its first letter; letters outside the BMP stay whole', () => {
    expect(initials('noname@example.com')).toBe('N');
    expect(initials('𝒜lice 𝒵')).toBe('𝒜𝒵');
    expect(initials('')).toBe('');
  });
});
