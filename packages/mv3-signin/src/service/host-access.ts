import { extensionApi } from '../core/browser.js';
import { REQUEST_TIMEOUT_MS } from '../core/http.js';
import { settingsOriginsItem, type SettingsState } from '../settings/sources.js';
import { describeError } from '../core/error-mapping.js';

type Probe = 'answered' | 'blocked' | 'failed';

function probe(url: URL | string, mode: RequestMode, timeoutMs: number, method = 'GET'): Promise<Probe> {
  const init: RequestInit = { method, mode, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) };
  return fetch(url, init).then(
    async (response): Promise<Probe> => {
      await response.body?.cancel();
      return 'answered';
    },
    // A TypeError is CORS, or the network; a timeout is neither.
    (err: unknown): Probe => (err instanceof TypeError ? 'blocked' : 'failed'),
  );
}

/**
 * True when `url`'s server answers but sends no CORS headers for the extension. In the extension,
 * a fetch to an origin without a host permission is subject to CORS, and a blocked one fails like
 * an unreachable server; an opaque no-cors request tells the two apart. Where fetch applies no
 * CORS (Node, in tests) it is never true.
 *
 * The first question is an OPTIONS request, which an API answers without a token (a preflight's
 * method), so Check leaves no failed call in the API's log; only a server that refuses it (e.g. it
 * allows no OPTIONS across origins) is asked again with a GET, as a call would be.
 */
export async function sendsNoCors(url: URL | string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<boolean> {
  if ((await probe(url, 'cors', timeoutMs, 'OPTIONS')) !== 'blocked') return false;
  return (await probe(url, 'cors', timeoutMs)) === 'blocked' && (await probe(url, 'no-cors', timeoutMs)) === 'answered';
}

/**
 * True when a granted match pattern (`http://localhost:5391/*`) covers `origin`. A pattern without
 * a port covers every port (as match patterns do); a wildcard host (all sites) covers none.
 */
function covers(pattern: string, origin: string): boolean {
  const match = /^(https?:\/\/[^/*]+)\/\*$/.exec(pattern);
  if (!match?.[1]) return false;
  const granted = new URL(match[1]);
  const wanted = new URL(origin);
  return (
    granted.protocol === wanted.protocol &&
    granted.hostname === wanted.hostname &&
    (granted.port === '' || granted.port === wanted.port)
  );
}

/**
 * The granted host permissions that earlier settings needed and the settings in force do not:
 * every granted pattern that covers one of `before` (the origins of the settings in force until
 * now) and none of `needed` (those of the new ones), except the manifest's own (`required`, which
 * cannot be removed). What covers no configured origin (the extension's own optional grants, a
 * wildcard for all sites) is never touched.
 */
export function unneededHostAccess(
  granted: readonly string[],
  required: readonly string[],
  needed: readonly string[],
  before: readonly string[],
): string[] {
  const coversAny = (pattern: string, origins: readonly string[]) => origins.some((origin) => covers(pattern, origin));
  return granted.filter((pattern) => !required.includes(pattern) && coversAny(pattern, before) && !coversAny(pattern, needed));
}

/** The manifest's host_permissions: granted at install, they cannot be removed. */
export function manifestHostPermissions(): readonly string[] {
  // WXT's manifest type leaves MV3's host_permissions untyped.
  const { host_permissions: required = [] } = extensionApi().runtime.getManifest() as { host_permissions?: string[] };
  return required;
}

/**
 * Removes the granted host permissions that cover one of `origins` and none of `needed`, except the
 * manifest's own (unneededHostAccess).
 *
 * @returns the patterns removed.
 */
export async function releaseHostAccess(origins: readonly string[], needed: readonly string[]): Promise<string[]> {
  const granted = (await extensionApi().permissions.getAll()).origins ?? [];
  const unneeded = unneededHostAccess(granted, manifestHostPermissions(), needed, origins);
  if (unneeded.length > 0) await extensionApi().permissions.remove({ origins: unneeded });
  return unneeded;
}

/**
 * Host access follows the settings: removes what was granted for earlier settings (the options
 * page's "Grant access", or the browser's own site-access menu) that the settings in force no
 * longer need. The origins in force are remembered (storage.local) for the next change.
 *
 * @param needed the origins of the settings in force (none without a usable configuration).
 * @param sites the origins of the sites the user allowed (service/sites.ts): their grants stay too.
 * @returns the patterns removed.
 */
export async function pruneHostAccess(needed: readonly string[], sites: readonly string[] = []): Promise<string[]> {
  const before = (await settingsOriginsItem.getValue()) ?? [];
  await settingsOriginsItem.setValue([...needed]);
  return releaseHostAccess(before, [...needed, ...sites]);
}

/**
 * Applies host access to the settings just put in force (pruneHostAccess with their origins, and
 * `sites` kept). Without a usable configuration nothing is removed: a policy or save being fixed
 * keeps what the user granted. Never throws: a failure is logged.
 */
export async function followHostAccess(state: SettingsState, sites: readonly string[] = []): Promise<SettingsState> {
  if (state.config) {
    await pruneHostAccess(state.config.origins, sites).catch((err: unknown) => {
      console.warn('Removing host access the settings no longer need failed:', describeError(err));
    });
  }
  return state;
}
