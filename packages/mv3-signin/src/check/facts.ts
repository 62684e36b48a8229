import type { Settings } from '../settings/config.js';
import {
  FLOW_FIELDS,
  validateSettings,
  type SettingsField,
  type SettingsValues,
  type ValuesProblem,
} from '../settings/fields.js';
import type { DiscoveryRead } from './discovery-read.js';
import type { RedirectVerdict } from '../auth/redirect-probe.js';

/** What "Check" found out, as facts; the options page puts them in words. */
export interface CheckFacts {
  /** The values checked: a page's, trimmed, with policy's in place of locked fields. */
  readonly values: SettingsValues;
  /** A value the one validator refuses; then nothing was fetched. */
  readonly problem?: ValuesProblem;
  readonly main?: DiscoveryRead;
  readonly flows: readonly { readonly field: SettingsField; readonly read: DiscoveryRead }[];
  /** Origins that answer but send no CORS headers for the extension: they need a host permission. */
  readonly needsHostAccess: readonly string[];
  /** Whether the provider accepts the redirect URI (check/redirect-check.ts); unset without an authorization endpoint. */
  readonly redirect?: RedirectVerdict;
  /** The timeout each request had, in ms. */
  readonly timeoutMs: number;
  /** The largest response each request could read, in bytes. */
  readonly maxResponseBytes: number;
}

/**
 * The requests "Check" needs. The options page sends them to the background, which makes them
 * with sign-in's limits (the page never fetches on its own); tests call check/discovery-read.ts and
 * service/host-access.ts directly.
 */
export interface CheckRequests {
  readDiscovery(authority: URL): Promise<DiscoveryRead>;
  /** True when the URL's server answers but sends no CORS headers for the extension. */
  sendsNoCors(url: string): Promise<boolean>;
  /** Whether the provider at `authorizationEndpoint` accepts the extension's redirect URI for `clientId`. */
  checkRedirect(authorizationEndpoint: string, clientId: string): Promise<RedirectVerdict>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

// Only origins not read yet are probed: those whose discovery failed as unreachable (which is
// how a CORS refusal looks), and every API's (at its URL, the first API of an origin).
async function originsNeedingHostAccess(
  config: Settings,
  reads: readonly DiscoveryRead[],
  requests: CheckRequests,
): Promise<string[]> {
  const probes = new Map<string, string>();
  for (const read of reads) {
    const origin = new URL(read.url).origin;
    if (!read.found && read.failure === 'unreachable' && !probes.has(origin)) probes.set(origin, read.url);
  }
  for (const { url } of config.apis) {
    if (!reads.some((read) => new URL(read.url).origin === url.origin) && !probes.has(url.origin))
      probes.set(url.origin, url.href);
  }
  const listed = await Promise.all([...probes].map(async ([origin, url]) => ((await requests.sendsNoCors(url)) ? [origin] : [])));
  return listed.flat();
}

/**
 * Validates `values` with the one validator, then reads every user flow's discovery document and
 * finds the origins that need a host permission and whether the redirect URI is registered.
 * Stores nothing.
 *
 * @returns the facts; a provider's failure is one of them, never a rejection.
 */
export async function gatherCheckFacts(values: SettingsValues, requests: CheckRequests): Promise<CheckFacts> {
  const { timeoutMs, maxResponseBytes } = requests;
  const limits = { timeoutMs, maxResponseBytes };
  const validated = validateSettings(values);
  if ('problem' in validated) return { values, problem: validated.problem, flows: [], needsHostAccess: [], ...limits };
  const { config } = validated;
  const flowFields = FLOW_FIELDS.filter((field) => config[field]);
  const [main, flows] = await Promise.all([
    requests.readDiscovery(config.authority),
    Promise.all(flowFields.map(async (field) => ({ field, read: await requests.readDiscovery(config[field]!) }))),
  ]);
  const endpoint = main.found ? main.metadata['authorization_endpoint'] : undefined;
  const [needsHostAccess, redirect] = await Promise.all([
    originsNeedingHostAccess(config, [main, ...flows.map(({ read }) => read)], requests),
    typeof endpoint === 'string' ? requests.checkRedirect(endpoint, config.clientId) : undefined,
  ]);
  return { values, main, flows, needsHostAccess, ...limits, ...(redirect ? { redirect } : {}) };
}
