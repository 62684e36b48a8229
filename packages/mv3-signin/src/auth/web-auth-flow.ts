import { extensionApi, isFirefox } from '../core/browser.js';
import type { LaunchWebAuthFlow } from './index.js';

/**
 * identity.launchWebAuthFlow in every browser: the one place that knows their differences.
 *
 * Firefox rejects Chrome's non-interactive options (abortOnLoadForNonInteractive,
 * timeoutMsForNonInteractive) as unexpected properties, and follows only HTTP redirects without a
 * window, failing with "Requires user interaction" otherwise (which core/error-mapping.ts reads as
 * "the user must sign in"). So the options are left out there, and the timeout they carry is kept
 * by a timer of our own instead.
 */
export const launchWebAuthFlow: LaunchWebAuthFlow = ({ url, interactive, ...chromeOnly }) => {
  if (!isFirefox()) return extensionApi().identity.launchWebAuthFlow({ url, interactive, ...chromeOnly });
  const flow = extensionApi().identity.launchWebAuthFlow({ url, interactive });
  const timeoutMs = chromeOnly.timeoutMsForNonInteractive;
  if (interactive || timeoutMs === undefined) return flow;
  return Promise.race([
    flow,
    new Promise<never>((_resolve, reject) => {
      setTimeout(() => reject(new DOMException('The silent flow took too long.', 'TimeoutError')), timeoutMs);
    }),
  ]);
};
