/**
 * `npm run bench:call-api`: how long "Call API" waits, measured in the real extension in headless
 * Chromium against the local provider and API: with a fresh token, and at expiry (the call has
 * to refresh first). The time is from the popup's message to the background until its reply.
 */
import buildE2eExtension from '../test/e2e/global-setup';
import { startSystem } from '../test/e2e/support/system';

const FRESH_RUNS = 40;
const EXPIRY_RUNS = 20;

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${label.padEnd(22)} median ${at(0.5).padStart(6)} ms   p90 ${at(0.9).padStart(6)} ms   min ${sorted[0]!.toFixed(1).padStart(6)} ms   (n=${samples.length})`;
}

await buildE2eExtension();
const system = await startSystem();
try {
  const popup = await system.signIn();
  const timeCall = () =>
    popup.page.evaluate(async () => {
      const start = performance.now();
      const reply = await chrome.runtime.sendMessage<{ type: string }, { ok: boolean }>({ type: 'callApi' });
      if (!reply.ok) throw new Error('Call API failed');
      return performance.now() - start;
    });

  await timeCall(); // warm-up: metadata cached, connections open
  const fresh: number[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) fresh.push(await timeCall());

  const before = system.idp.controls.stats().tokenRequests.refresh_token;
  const expiry: number[] = [];
  for (let i = 0; i < EXPIRY_RUNS; i++) {
    await system.expireTokens();
    expiry.push(await timeCall());
  }
  const refreshes = system.idp.controls.stats().tokenRequests.refresh_token - before;
  if (refreshes !== EXPIRY_RUNS) throw new Error(`expected ${EXPIRY_RUNS} refreshes, saw ${refreshes}`);

  console.log(summary('Call API, fresh token', fresh));
  console.log(summary('Call API, at expiry', expiry));
  console.log(`(each call at expiry made exactly one refresh grant: ${refreshes}/${EXPIRY_RUNS})`);
} finally {
  await system.close();
}
