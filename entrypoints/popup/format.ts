/**
 * `at` as seen from `now`, in words of `locale` (Intl.RelativeTimeFormat): "in 59 minutes",
 * "in 1 hour", "5 minutes ago", "this minute". Minutes below the hour, hours below the day.
 */
export function relativeTime(at: number, now: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const diff = at - now;
  const minutes = Math.round(diff / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(diff / 3_600_000);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(diff / 86_400_000), 'day');
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
