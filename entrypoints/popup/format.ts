import { t, type MessageKey } from '@/lib/i18n';

type Unit = 'minutes' | 'hours' | 'days';

/**
 * `at` as seen from `now`, in words of the messages (public/_locales: `popup_time_…`) with the
 * plural form of `locale`: "in 59 minutes", "in 1 hour", "5 minutes ago", "this minute". Minutes
 * below the hour, hours below the day. Not Intl.RelativeTimeFormat: its first use in a page loads
 * ICU data for some 10-25 ms, which the popup would spend before it shows anyone (npm run bench);
 * Intl.PluralRules costs well under a millisecond. A language whose plurals have more forms than
 * "one" and "other" uses "other" for the rest.
 */
export function relativeTime(
  at: number,
  now: number,
  locale: string,
  message: (key: MessageKey, ...substitutions: string[]) => string = t,
): string {
  const diff = at - now;
  const minutes = Math.round(diff / 60_000);
  const hours = Math.round(diff / 3_600_000);
  const [count, unit]: [number, Unit] =
    Math.abs(minutes) < 60
      ? [minutes, 'minutes']
      : Math.abs(hours) < 24
        ? [hours, 'hours']
        : [Math.round(diff / 86_400_000), 'days'];
  if (count === 0) return message('popup_time_now');
  const form = new Intl.PluralRules(locale).select(Math.abs(count)) === 'one' ? 'one' : 'other';
  return message(`popup_time_${count > 0 ? 'in' : 'ago'}_${unit}_${form}`, String(Math.abs(count)));
}

/**
 * Up to two letters for an avatar: the first of the first and of the last word ("Alice Liddell":
 * "AL"); for an email, its first letter.
 */
export function initials(name: string): string {
  const words = name.includes('@') ? [name] : name.split(/\s+/u).filter(Boolean);
  const first = (word: string | undefined) => (word === undefined ? '' : (Array.from(word)[0] ?? ''));
  const letters = words.length > 1 ? first(words[0]) + first(words.at(-1)) : first(words[0]);
  return letters.toLocaleUpperCase();
}
