import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { relativeTime } from '../format';

/** How often the relative time is worked out again. */
const TICK_MS = 30_000;

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
  const locale = browser.i18n.getUILanguage();
  const date = new Date(at);
  const time = (
    <time
      dateTime={date.toISOString()}
      title={date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' })}
      data-testid="expires-at"
    >
      {relativeTime(at, now, locale)}
    </time>
  );
  return <p class="muted">{at > now ? <>Access token expires {time}</> : <>Access token expired {time}</>}</p>;
}
