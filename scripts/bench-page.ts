/**
 * What `npm run bench` reads inside a page: times from the page's own clock (performance.now(),
 * 0 at its navigation start), taken by a script that runs before the page's own.
 */
import type { Page } from 'puppeteer';

/** What the page has seen so far, in ms from its navigation start. */
export interface PageMarks {
  /** Each time the signed-in user's name appeared (it may come and go with sign-out and sign-in). */
  readonly nameShown: number[];
  /** Each click on a "Call <name>" button (the event's own time stamp). */
  readonly callClicked: number[];
  /** Each time an API result appeared. */
  readonly resultShown: number[];
  /** performance.timeOrigin: the navigation start as Unix ms, to set the page's times beside other clocks. */
  readonly timeOrigin: number;
}

interface Marked extends Window {
  /** The marks once they differ from version `seen` (at once if they already do), and their version. */
  __benchNext?: (seen: number) => Promise<{ version: number; marks: PageMarks }>;
}

// Runs in the page (serialised by Puppeteer): it may use nothing from this module. It waits for
// changes without polling, so reading the marks costs the page nothing while it loads.
function recordMarks(): void {
  const marks = { nameShown: [] as number[], callClicked: [] as number[], resultShown: [] as number[] };
  let version = 0;
  const waiting: (() => void)[] = [];
  const snapshot = () => ({ version, marks: { ...structuredClone(marks), timeOrigin: performance.timeOrigin } });
  const mark = (list: number[], time: number) => {
    list.push(time);
    version += 1;
    for (const wake of waiting.splice(0)) wake();
  };
  (window as Marked).__benchNext = (seen) =>
    version !== seen ? Promise.resolve(snapshot()) : new Promise((resolve) => waiting.push(() => resolve(snapshot())));
  let nameIn = false;
  let resultIn = false;
  new MutationObserver(() => {
    const now = performance.now();
    const name = Boolean(document.querySelector('[data-testid="user-name"]')?.textContent?.trim());
    if (name && !nameIn) mark(marks.nameShown, now);
    nameIn = name;
    const result = document.querySelector('[data-testid="api-result"]') !== null;
    if (result && !resultIn) mark(marks.resultShown, now);
    resultIn = result;
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest('button');
      if (button?.textContent?.trim().startsWith('Call ')) mark(marks.callClicked, event.timeStamp);
    },
    true,
  );
}

/** Opens `url` in `page` (a new tab) with the marks recorded from before its first script. */
export async function openMarked(page: Page, url: string): Promise<Page> {
  // tsx (esbuild's keepNames) wraps named inner functions in __name(), which the page lacks.
  await page.evaluateOnNewDocument(`const __name = (fn) => fn; (${recordMarks.toString()})();`);
  await page.goto(url);
  return page;
}

/** The page's marks once `ready` holds for them. */
export async function waitForMarks(page: Page, ready: (marks: PageMarks) => boolean, timeout = 20_000): Promise<PageMarks> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`The page did not get there within ${timeout / 1000} s`)), timeout);
  });
  try {
    for (let seen = -1; ;) {
      const next = await Promise.race([page.evaluate((version) => (window as Marked).__benchNext!(version), seen), late]);
      if (ready(next.marks)) return next.marks;
      seen = next.version;
    }
  } finally {
    clearTimeout(timer);
  }
}
