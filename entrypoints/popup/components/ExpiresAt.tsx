import { useEffect, useState } from 'preact/hooks';
import { messagesLanguage, t } from '@/lib/i18n';
import { relativeTime } from '../format';

/** How often the relative time is worked out again. */
const TICK_MS = 30_000;
/** Stands for the <time> element in the message until the sentence is split around it. */
const SLOT = '\uE000';

export interface ExpiresAtProps {
  /** Epoch milliseconds. */
  at: number;
}

/** When the access token expires, relative to now and kept current; the exact time in its title. */
export function ExpiresAt({ at }: ExpiresAtProps) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    // A new expiry (a refresh) is worded from this moment, and the ticks start again from it.
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [at]);
  // The messages' language, not getUILanguage(): the two differ where the browser lacks a UI translation.
  const locale = messagesLanguage();
  const date = new Date(at);
  // The exact time is only a tooltip: worked out after the popup has shown, as the first date
  // formatting in a page loads ICU data for some 10-25 ms (npm run bench).
  const [exact, setExact] = useState<string>();
  useEffect(() => setExact(new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' })), [at, locale]);
  const time = (
    <time dateTime={date.toISOString()} title={exact} data-testid="expires-at">
      {relativeTime(at, now, locale)}
    </time>
  );
  // The sentence comes from _locales with the <time> element in its $time$ slot, wherever the language puts it.
  const [before, after] = t(at > now ? 'popup_expires' : 'popup_expired', SLOT).split(SLOT);
  return (
    <p class="muted">
      {before}
      {time}
      {after}
    </p>
  );
}
