/**
 * What `npm run bench` reads over the DevTools protocol: the service worker's requests, the moment
 * the provider redirects to the extension, and stopping the service worker.
 */
import type { CDPSession, Page, Target } from 'puppeteer';

/** One request of the service worker, in Unix ms. */
export interface WorkerRequest {
  readonly url: URL;
  readonly start: number;
  /** Undefined while it runs. */
  end?: number;
}

/** The service worker's requests from now on (Network events of its target). */
export async function recordWorkerRequests(worker: Target): Promise<{ requests: WorkerRequest[]; stop(): Promise<void> }> {
  const session = await worker.createCDPSession();
  const requests: WorkerRequest[] = [];
  const started = new Map<string, { request: WorkerRequest; timestamp: number }>();
  session.on('Network.requestWillBeSent', (event) => {
    const request = { url: new URL(event.request.url), start: event.wallTime * 1000 };
    requests.push(request);
    started.set(event.requestId, { request, timestamp: event.timestamp });
  });
  const finish = (event: { requestId: string; timestamp: number }) => {
    const entry = started.get(event.requestId);
    if (entry) entry.request.end = entry.request.start + (event.timestamp - entry.timestamp) * 1000;
  };
  session.on('Network.loadingFinished', finish);
  session.on('Network.loadingFailed', finish);
  await session.send('Network.enable');
  return { requests, stop: () => session.detach().catch(() => undefined) };
}

/**
 * Watches the sign-in window for the provider's redirect to `redirectPrefix` (the extension's
 * https://<id>.chromiumapp.org/ redirect URI); `time` is the Unix ms at which it came. Call it
 * before the form is submitted. The URL (it carries the code) is never kept.
 */
export async function watchRedirect(
  authWindow: Page,
  redirectPrefix: string,
  timeout = 20_000,
): Promise<{ time: Promise<number> }> {
  const session = await authWindow.createCDPSession();
  const time = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The provider did not redirect to the extension')), timeout);
    session.on('Network.requestWillBeSent', (event) => {
      if (!event.request.url.startsWith(redirectPrefix)) return;
      clearTimeout(timer);
      resolve(event.wallTime * 1000);
    });
  });
  // The window closes when Chromium catches the redirect, and the session with it.
  void time.catch(() => undefined).finally(() => void session.detach().catch(() => undefined));
  await session.send('Network.enable');
  return { time };
}

/** Stops service workers through the ServiceWorker domain of a page's session. */
export interface WorkerControl {
  /** The extension's worker's running status as last reported ('running', 'stopped', …). */
  status(): string | undefined;
  /** Stops every service worker and resolves once the extension's is reported stopped. */
  stop(timeout?: number): Promise<void>;
}

export async function controlWorkers(session: CDPSession, scriptUrl: string): Promise<WorkerControl> {
  let status: string | undefined;
  const listeners = new Set<() => void>();
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    // Several versions may be listed (an old one "stopped", a new one "running"): a running one wins.
    const ours = versions.filter((version) => version.scriptURL === scriptUrl).map((version) => version.runningStatus);
    if (ours.length === 0) return;
    status = ours.find((s) => s !== 'stopped') ?? 'stopped';
    for (const listener of listeners) listener();
  });
  await session.send('ServiceWorker.enable');
  return {
    status: () => status,
    async stop(timeout = 10_000) {
      const stopped = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The service worker did not stop (it is ${status})`)), timeout);
        const check = () => {
          if (status !== 'stopped') return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      });
      await session.send('ServiceWorker.stopAllWorkers');
      for (const listener of listeners) listener();
      await stopped;
    },
  };
}
