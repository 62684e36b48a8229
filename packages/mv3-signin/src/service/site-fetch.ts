import { SignInError } from '../core/errors.js';
import { contentScriptSender } from '../messaging/content-script.js';
import type { ContentScriptHandlers } from '../messaging/handler.js';
import type { ApiResponse } from './api.js';
import { createRateLimiter } from './rate-limit.js';
import { asFetchRequest } from './request-values.js';
import { isSiteAllowed } from './sites.js';

export interface ContentScriptDeps {
  /** The service's fetch: the path rule, the API's token, one retry on a 401. */
  readonly fetch: (api: string, path: string) => Promise<ApiResponse>;
  readonly extensionId: string;
  /** Limits.siteCallsPerMinute. */
  readonly callsPerMinute: number;
}

/**
 * What this extension's content scripts may ask: `apiFetch` only, and only from the top frame of a
 * tab whose origin the user allowed for that API, with its host permission still granted, at most
 * `callsPerMinute` times a minute per tab. Every check happens before the API's token is looked at.
 *
 * @throws SignInError `site_not_allowed` for any other sender or site, `rate_limited`, then fetch's codes.
 */
export function createContentScriptHandlers({ fetch, extensionId, callsPerMinute }: ContentScriptDeps): ContentScriptHandlers {
  const limiter = createRateLimiter(callsPerMinute);
  return {
    async apiFetch(value, sender) {
      const site = contentScriptSender(sender, extensionId);
      if (!site) throw new SignInError('site_not_allowed');
      if (!limiter.take(site.tabId)) throw new SignInError('rate_limited');
      const { api, path } = asFetchRequest(value);
      if (!(await isSiteAllowed(site.origin, api))) throw new SignInError('site_not_allowed');
      return fetch(api, path);
    },
  };
}
