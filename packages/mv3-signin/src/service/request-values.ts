import { SignInError } from '../core/errors.js';
import { asSiteOrigin } from '../core/site.js';
import type { ApiFetchRequest, SiteRequest } from '../messaging/protocol.js';
import { isSettingsValues, type SettingsValues } from '../settings/fields.js';

// What a message's value must be before a handler uses it. A page (or a content script) sends it:
// anything else is `bad_request`.

/** The longest API name a page may send: names are short labels. */
const MAX_API_NAME = 100;

/** An API's name as a page sends it. */
export function asApiName(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_API_NAME) throw new SignInError('bad_request');
  return value;
}

export function asValues(value: unknown): SettingsValues {
  if (!isSettingsValues(value)) throw new SignInError('bad_request');
  return value;
}

// An object with exactly these keys, none inherited.
function withKeys(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SignInError('bad_request');
  if (Object.keys(value).sort().join(',') !== [...keys].sort().join(',')) throw new SignInError('bad_request');
  return value as Record<string, unknown>;
}

/** `{ api, path }`: the path is a string here; whether it stays under the API is service/api-path.ts's rule. */
export function asFetchRequest(value: unknown): ApiFetchRequest {
  const { api, path } = withKeys(value, ['api', 'path']);
  if (typeof path !== 'string') throw new SignInError('bad_request');
  return { api: asApiName(api), path };
}

/** `{ api, origin }`, the origin exactly an https (or loopback http) origin (core/site.ts). */
export function asSiteRequest(value: unknown): SiteRequest {
  const { api, origin } = withKeys(value, ['api', 'origin']);
  const site = asSiteOrigin(origin);
  if (!site) throw new SignInError('bad_request');
  return { api: asApiName(api), origin: site };
}
