/**
 * One fresh Chromium profile of `npm run bench`: sign in, call the first API, the second API twice (its
 * first call gets its token with the refresh token) and the first API again at expiry, sign out and in
 * again, then OPEN_ROUNDS times the floor page, the popup with the worker running, and the popup with the
 * worker stopped. Every time is the page's own (see bench-page.ts) or the DevTools protocol's.
 */
import { TargetType, type Page, type Target } from 'puppeteer';
import type { Idp } from '../server/idp';
import { API_NAME, DEMO_USERS, SECOND_API_NAME } from '../server/local';
import { launchWithExtension, type LaunchedExtension } from '../tooling/launch';
import { popupPage, submitLogin, waitForAuthWindow } from '../tooling/popup';
import { expireStoredTokens } from '../tooling/stored-session';
import { controlWorkers, recordWorkerRequests, watchRedirect, type WorkerRequest } from './bench-cdp';
import { openMarked, waitForMarks } from './bench-page';

const USER = DEMO_USERS[0]!;
const CLOCK_SLACK_MS = 20;
/** Each page is opened this many times per profile, in turn, so that one slow moment of a shared machine weighs less. */
export const OPEN_ROUNDS = 3;

/** A sign-in's last step: from the provider's redirect to the extension until the popup shows the name. */
export interface SignInSample {
  readonly lastStep: number;
  /** The token and JWKS requests' own time (ms) within the last step. */
  readonly token: number;
  readonly jwks: number;
  /** What the worker asked the provider for in the last step ('token', 'jwks', 'metadata' or a path). */
  readonly requests: readonly string[];
}

export interface ProfileSample {
  readonly signIn: SignInSample;
  readonly repeatSignIn?: SignInSample;
  /** Navigation start of popup.html to the name shown, ms (OPEN_ROUNDS each). */
  readonly warm?: readonly number[];
  readonly cold?: readonly number[];
  /** Worker stopped, but the extension's process kept alive by another of its pages (the floor page, left open). */
  readonly coldKept?: readonly number[];
  /** The same for the static page of the popup's size. */
  readonly floor?: readonly number[];
  /** The static page with the worker stopped and no extension page open: the browser starts the extension's process again. */
  readonly floorCold?: readonly number[];
  /** Click on "Call <first API>" to the result shown, ms: with the sign-in's token, and at expiry (a refresh first). */
  readonly callFresh: number;
  readonly callAtExpiry: number;
  /** The second API's first call: its token is redeemed with the refresh token (no window) before the call. */
  readonly secondApiFirst: CallSample;
  /** The second API's next call, with its token held, ms. */
  readonly secondApiRepeat: number;
}

/** A click on "Call <name>" to the result shown, and what the worker asked the provider in between. */
export interface CallSample {
  readonly took: number;
  /** The token request's own time (ms) within it. */
  readonly token: number;
  /** What the worker asked the provider for ('token', 'jwks', 'metadata' or a path). */
  readonly requests: readonly string[];
}

export interface ProfileOptions {
  readonly dir: string;
  readonly idp: Idp;
  /** The floor page's path in the extension. */
  readonly floorPath: string;
  /** Only sign-in and the calls (`npm run bench:call-api`). */
  readonly callApiOnly?: boolean;
}

const workerTarget = (ext: LaunchedExtension): Promise<Target> =>
  ext.browser.waitForTarget((t) => t.type() === TargetType.SERVICE_WORKER && t.url().startsWith(ext.origin), { timeout: 30_000 });

function kindOf(request: WorkerRequest): string {
  const path = request.url.pathname;
  if (path.endsWith('/token')) return 'token';
  if (path.endsWith('/keys')) return 'jwks';
  if (path.endsWith('/.well-known/openid-configuration')) return 'metadata';
  return path;
}

const own = (requests: WorkerRequest[], kind: string) =>
  requests.filter((r) => kindOf(r) === kind).reduce((sum, r) => sum + (r.end ?? Number.NaN) - r.start, 0);

/** Clicks "Sign in" in `page` (a marked popup), fills the provider's form and times the last step. */
async function signIn(ext: LaunchedExtension, page: Page, idp: Idp, requests: WorkerRequest[]): Promise<SignInSample> {
  const shownBefore = (await waitForMarks(page, () => true)).nameShown.length;
  const authWindow = waitForAuthWindow(ext.browser, idp.origin).catch(() => {
    throw new Error("The provider's sign-in window did not open");
  });
  await popupPage(page).click('Sign in');
  const login = await authWindow;
  const redirect = await watchRedirect(login, `https://${ext.extensionId}.chromiumapp.org/`);
  await submitLogin(login, USER.email, USER.password);
  const redirectedAt = await redirect.time;
  const marks = await waitForMarks(page, (m) => m.nameShown.length > shownBefore);
  const shownAt = marks.timeOrigin + marks.nameShown.at(-1)!;
  // The worker asks the provider for nothing while the form is shown, so a request that seems to start a
  // moment before the redirect (two clocks: the window's and the worker's) belongs to the last step.
  const inStep = requests.filter(
    (r) => r.url.origin === idp.origin && r.start >= redirectedAt - CLOCK_SLACK_MS && r.start <= shownAt,
  );
  return {
    lastStep: shownAt - redirectedAt,
    token: own(inStep, 'token'),
    jwks: own(inStep, 'jwks'),
    requests: inStep.map(kindOf),
  };
}

/** Opens `path` of the extension in a new tab, closes it, and returns the ms from its navigation start to the name shown. */
async function timeOpen(ext: LaunchedExtension, path: string): Promise<number> {
  const page = await openMarked(await ext.browser.newPage(), `${ext.origin}/${path}`);
  const marks = await waitForMarks(page, (m) => m.nameShown.length > 0);
  await page.close();
  return marks.nameShown[0]!;
}

/** Clicks "Call <api>" and returns the ms from the click to the result shown, and the worker's provider requests in between. */
async function timeCall(page: Page, api: string, idp: Idp, requests: WorkerRequest[]): Promise<CallSample> {
  const before = await waitForMarks(page, () => true);
  await popupPage(page).click(`Call ${api}`);
  const marks = await waitForMarks(
    page,
    (m) => m.resultShown.length > before.resultShown.length && m.callClicked.length > before.callClicked.length,
  );
  const clickedAt = marks.timeOrigin + marks.callClicked.at(-1)!;
  const shownAt = marks.timeOrigin + marks.resultShown.at(-1)!;
  const inCall = requests.filter(
    (r) => r.url.origin === idp.origin && r.start >= clickedAt - CLOCK_SLACK_MS && r.start <= shownAt,
  );
  return { took: shownAt - clickedAt, token: own(inCall, 'token'), requests: inCall.map(kindOf) };
}

/**
 * Clicks "Sign out" and waits until the provider has ended its session too: the popup offers
 * "Sign in" as soon as the local session is gone, while the end-session request may still be on
 * its way, and a sign-in then would need no form.
 */
async function signOut(page: Page, idp: Idp): Promise<void> {
  const ended = idp.controls.stats().endSessionRequests;
  await popupPage(page).click('Sign out');
  await popupPage(page).waitForButton('Sign in');
  for (const end = Date.now() + 10_000; idp.controls.stats().endSessionRequests === ended;) {
    if (Date.now() > end) throw new Error('The provider got no end-session request');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // The request is counted as it comes in; its redirect back to the extension ends the flow.
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** A profile's failure, naming the step it failed at. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/** Runs the steps in one fresh profile; the browser and its profile are removed afterwards. */
export async function measureProfile(options: ProfileOptions): Promise<ProfileSample> {
  const ext = await launchWithExtension(options.dir);
  let step = 'setting up';
  const at = <T>(name: string, run: () => Promise<T>): Promise<T> => {
    step = name;
    return run();
  };
  try {
    return await runSteps(ext, options, at);
  } catch (err) {
    throw new ProfileError(`${step}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    await ext.close();
  }
}

async function runSteps(
  ext: LaunchedExtension,
  { idp, floorPath, callApiOnly = false }: ProfileOptions,
  at: <T>(name: string, run: () => Promise<T>) => Promise<T>,
): Promise<ProfileSample> {
  const [blank] = await ext.browser.pages();
  const workers = await controlWorkers(await blank!.createCDPSession(), `${ext.origin}/background.js`);
  const recorder = await recordWorkerRequests(await workerTarget(ext));

  const first = await openMarked(await ext.browser.newPage(), `${ext.origin}/popup.html`);
  const signedIn = await at('sign-in', () => signIn(ext, first, idp, recorder.requests));
  await first.close();
  const popup = await openMarked(await ext.browser.newPage(), `${ext.origin}/popup.html`);
  const call = (api: string) => timeCall(popup, api, idp, recorder.requests);
  const callFresh = (await at(`Call ${API_NAME}`, () => call(API_NAME))).took;
  const secondApiFirst = await at(`Call ${SECOND_API_NAME}`, () => call(SECOND_API_NAME));
  const secondApiRepeat = (await at(`Call ${SECOND_API_NAME} again`, () => call(SECOND_API_NAME))).took;
  await expireStoredTokens(popup);
  const callAtExpiry = (await at(`Call ${API_NAME} at expiry`, () => call(API_NAME))).took;
  const calls = { callFresh, callAtExpiry, secondApiFirst, secondApiRepeat };
  if (callApiOnly) return { signIn: signedIn, ...calls };

  await at('sign-out', () => signOut(popup, idp));
  const repeatSignIn = await at('repeat sign-in', () => signIn(ext, popup, idp, recorder.requests));
  await popup.close();
  await recorder.stop();

  const floor: number[] = [];
  const warm: number[] = [];
  const cold: number[] = [];
  const coldKept: number[] = [];
  const floorCold: number[] = [];
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    floor.push(await at('floor page', () => timeOpen(ext, floorPath)));
    if (workers.status() !== 'running') throw new Error(`The service worker is ${workers.status()}, not running`);
    warm.push(await at('warm popup', () => timeOpen(ext, 'popup.html')));
    await at('stopping the worker', () => workers.stop());
    cold.push(await at('cold popup', () => timeOpen(ext, 'popup.html')));
    await at('stopping the worker', () => workers.stop());
    floorCold.push(await at('cold floor page', () => timeOpen(ext, floorPath)));
    const keeper = await openMarked(await ext.browser.newPage(), `${ext.origin}/${floorPath}`);
    await at('stopping the worker', () => workers.stop());
    coldKept.push(await at('cold popup beside another extension page', () => timeOpen(ext, 'popup.html')));
    await keeper.close();
  }
  return { signIn: signedIn, repeatSignIn, warm, cold, coldKept, floor, floorCold, ...calls };
}
