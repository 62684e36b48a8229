import { describe, expect, it } from 'vitest';
import { initials, relativeTime } from '../../entrypoints/popup/format';

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

  it('in the language asked for', () => {
    expect(relativeTime(59 * MIN, 0, 'de')).toBe('in 59 Minuten');
    expect(relativeTime(0, 2 * 60 * MIN, 'de')).toBe('vor 2 Stunden');
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
