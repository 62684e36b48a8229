import * as oauth from 'oauth4webapi';
import { httpOptions, MAX_RESPONSE_BYTES, REQUEST_TIMEOUT_MS, type HttpOptions } from './auth/http';
import { configWarnings } from './check-warnings';
import { ConfigError, type Config } from './config';
import { CONFIG_FIELDS, fieldOf, parseConfigValues, type ConfigField, type ConfigValues } from './config-fields';
import { providerText } from './errors';
import { sendsNoCors } from './host-access';

export { configWarnings };

/** One line of the report, about one field when it names one. */
export interface CheckLine {
  readonly field?: ConfigField;
  readonly message: string;
}

export type CheckWarningCode = 'http_not_loopback' | 'policy_query' | 'no_api_scope' | 'no_user_flow';

/** Why a discovery document was not found. */
export type DiscoveryFailure = 'not_found' | 'not_json' | 'not_metadata' | 'too_large' | 'timeout' | 'unreachable';

/** What the configuration "Check" found, each part in plain words. */
export interface CheckReport {
  /** Values the validator refuses (field + plain words, e.g. "Authority must use https:// ..."); when any, nothing was fetched. */
  readonly problems: readonly CheckLine[];
  /** Known mistakes, found from the values alone (no network). */
  readonly warnings: readonly (CheckLine & { readonly code: CheckWarningCode })[];
  /** The discovery document at `${authority}/.well-known/openid-configuration`. */
  readonly discovery?: {
    readonly url: string;
    readonly found: boolean;
    readonly message: string;
    /** Set when not found. */
    readonly failure?: DiscoveryFailure;
  };
  /** What the provider declares as issuer, and whether it matches the Issuer field. */
  readonly issuer?: {
    readonly declared: string;
    readonly matches: boolean;
    readonly message: string;
    /** offered with one click on a mismatch */
    readonly suggestion?: string;
  };
  /** The endpoints found in the document. */
  readonly endpoints?: readonly { readonly name: string; readonly url: string }[];
  /** Each other user flow configured (password reset, profile edit): found, and same issuer. */
  readonly flows?: readonly CheckLine[];
  /** The redirect URI to register, and where. */
  readonly redirect: { readonly uri: string; readonly message: string };
  /** Origins that answer but send no CORS headers for the extension: they need a host permission. */
  readonly needsHostAccess: readonly string[];
}

export interface CheckOptions {
  /** The extension's redirect URI (browser.identity.getRedirectURL()). */
  readonly redirectUri: string;
  /** Each request's timeout instead of sign-in's REQUEST_TIMEOUT_MS; for tests. */
  readonly timeoutMs?: number;
}

const REDIRECT_MESSAGE =
  'Register this redirect URI in your app registration under the Single-page application platform (not Web: the provider then refuses the extension’s token request, which is cross-origin and has no client secret).';
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint'] as const;
const FLOW_FIELDS = ['passwordResetAuthority', 'profileEditAuthority'] as const;
// Entra External ID's issuer form: the tenant GUID as host.
const CIAM_GUID_HOST = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.ciamlogin\.com$/i;

type Discovery =
  | { readonly url: string; readonly found: true; readonly message: string; readonly metadata: Record<string, unknown> }
  | { readonly url: string; readonly found: false; readonly message: string; readonly failure: DiscoveryFailure };

/**
 * Runs every check of `values`: the validator, the value-only warnings, then (only when the values
 * are valid) the discovery documents of every user flow and whether their origins need a host permission.
 *
 * @returns the report; a provider's failure is a line of it, never a rejection.
 * @throws only what is not a ConfigError from the validator (a programmer error).
 */
export async function checkConfig(values: ConfigValues, options: CheckOptions): Promise<CheckReport> {
  const warnings = configWarnings(values);
  const redirect = { uri: options.redirectUri, message: REDIRECT_MESSAGE };
  let config: Config;
  try {
    config = parseConfigValues(values);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const field = fieldOf(err.variable);
    const problem = field ? { field, message: `${CONFIG_FIELDS[field].label} ${err.problem}` } : { message: err.message };
    return { problems: [problem], warnings, redirect, needsHostAccess: [] };
  }
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const flowFields = FLOW_FIELDS.filter((field) => config[field]);
  const [main, flows] = await Promise.all([
    fetchDiscovery(config.authority, timeoutMs),
    Promise.all(flowFields.map(async (field) => ({ field, found: await fetchDiscovery(config[field]!, timeoutMs) }))),
  ]);
  const needsHostAccess = await originsNeedingHostAccess(config, [main, ...flows.map(({ found }) => found)], timeoutMs);
  const discovery = explainCors(main, needsHostAccess);
  const declared = discovery.found ? String(discovery.metadata['issuer']) : config.issuer.href;
  // Each flow's issuer is compared with what the sign-in flow declares, or else with the expected one.
  const mainIssuer = URL.canParse(declared) ? declared : config.issuer.href;
  return {
    problems: [],
    warnings,
    discovery: discovery.found
      ? { url: discovery.url, found: true, message: discovery.message }
      : { url: discovery.url, found: false, message: discovery.message, failure: discovery.failure },
    ...(discovery.found ? { issuer: issuerLine(values, config, declared), endpoints: endpointsOf(discovery) } : {}),
    ...(flows.length > 0
      ? { flows: flows.map(({ field, found }) => flowLine(field, explainCors(found, needsHostAccess), mainIssuer)) }
      : {}),
    redirect,
    needsHostAccess,
  };
}

function discoveryUrl(authority: URL): string {
  const url = new URL(authority.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
  return url.href;
}

// Sign-in's own limits (lib/auth/http.ts); a test may only shorten the timeout.
function requestOptions(authority: URL, timeoutMs: number): HttpOptions {
  const options = httpOptions(authority);
  return timeoutMs === REQUEST_TIMEOUT_MS ? options : { ...options, signal: () => AbortSignal.timeout(timeoutMs) };
}

// The document is read here rather than with processDiscoveryResponse, whose strict issuer check
// would hide the issuer the report is meant to show.
async function fetchDiscovery(authority: URL, timeoutMs: number): Promise<Discovery> {
  const url = discoveryUrl(authority);
  const failed = (failure: DiscoveryFailure, message: string): Discovery => ({ url, found: false, failure, message });
  let body: string;
  try {
    const response = await oauth.discoveryRequest(authority, requestOptions(authority, timeoutMs));
    if (response.status !== 200) {
      await response.body?.cancel();
      return failed('not_found', notFoundMessage(url, response.status));
    }
    body = await response.text();
  } catch (err) {
    if (err instanceof RangeError) {
      return failed(
        'too_large',
        `The answer at ${url} is larger than ${MAX_RESPONSE_BYTES / 1024} KB, more than any OpenID configuration needs, so it was not read.`,
      );
    }
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return failed('timeout', `${url} did not answer within ${timeoutMs / 1000} seconds, so the check gave up.`);
    }
    return failed('unreachable', `${url} could not be reached: the server is down, or the host name or port is wrong.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return failed(
      'not_json',
      `The answer at ${url} is not JSON (a web page?), so it is no OpenID configuration. Check the authority.`,
    );
  }
  if (typeof json !== 'object' || json === null || typeof (json as { issuer?: unknown }).issuer !== 'string') {
    return failed('not_metadata', `The JSON at ${url} is no OpenID configuration: it declares no issuer. Check the authority.`);
  }
  return { url, found: true, message: `Found the OpenID configuration at ${url}.`, metadata: json as Record<string, unknown> };
}

function notFoundMessage(url: string, status: number): string {
  // A redirect is opaque (status 0) in a browser, since discovery does not follow redirects.
  const what = status === 0 ? 'a redirect' : `HTTP ${status}`;
  const base = `No OpenID configuration at ${url} (${what}).`;
  if (status >= 500) return `${base} The provider is failing: try again later.`;
  return `${base} Check the authority: for B2C it ends with the user flow and /v2.0.`;
}

// In the extension, a fetch blocked by CORS fails like an unreachable server; say which it was.
function explainCors(discovery: Discovery, needsHostAccess: readonly string[]): Discovery {
  if (discovery.found || discovery.failure !== 'unreachable' || !needsHostAccess.includes(new URL(discovery.url).origin)) {
    return discovery;
  }
  const message = `${discovery.url} answers, but sends no CORS headers for the extension: it needs access to ${new URL(discovery.url).origin}.`;
  return { ...discovery, message };
}

// The comparison processDiscoveryResponse makes at sign-in.
function sameIssuer(declared: unknown, expected: URL | string): boolean {
  return typeof declared === 'string' && URL.canParse(declared) && new URL(declared).href === new URL(expected).href;
}

function issuerLine(values: ConfigValues, config: Config, declared: string): NonNullable<CheckReport['issuer']> {
  const shown = providerText(declared) ?? '(empty)';
  const field = values.issuer?.trim() ? 'the Issuer field' : 'the authority, since the Issuer field is empty';
  if (sameIssuer(declared, config.issuer)) {
    return { declared: shown, matches: true, message: `The provider’s issuer ${shown} matches ${field}.` };
  }
  const host = URL.canParse(declared) ? new URL(declared).hostname : '';
  const why = CIAM_GUID_HOST.test(host)
    ? 'This is Entra External ID’s issuer form, with the tenant GUID as host (<GUID>.ciamlogin.com), which differs from the authority.'
    : 'Azure AD B2C’s issuer differs from its authority: it names the tenant by its GUID.';
  const suggestion = acceptedIssuer(values, declared);
  return {
    declared: shown,
    matches: false,
    message: `The provider declares the issuer ${shown}, not ${config.issuer.href} (${field}). ${why} ${suggestion ? 'Use the found value.' : 'The found value is not a valid Issuer, so check the authority.'}`,
    ...(suggestion ? { suggestion } : {}),
  };
}

// Offered with one click, so only a value the one validator accepts, spelled as sign-in compares it.
function acceptedIssuer(values: ConfigValues, declared: string): string | undefined {
  try {
    return parseConfigValues({ ...values, issuer: declared }).issuer.href;
  } catch {
    return undefined;
  }
}

function endpointsOf(discovery: Discovery & { found: true }): { name: string; url: string }[] {
  return ENDPOINTS.flatMap((name) => {
    const url = providerText(discovery.metadata[name]);
    return url ? [{ name, url }] : [];
  });
}

function flowLine(field: ConfigField, discovery: Discovery, mainIssuer: string): CheckLine {
  const label = CONFIG_FIELDS[field].label;
  if (!discovery.found) return { field, message: `${label}: ${discovery.message}` };
  const issuer = discovery.metadata['issuer'];
  if (sameIssuer(issuer, mainIssuer)) {
    return { field, message: `${label}: found its OpenID configuration, with the same issuer as the sign-in flow.` };
  }
  const shown = providerText(issuer) ?? '(empty)';
  return {
    field,
    message: `${label}: found its OpenID configuration, but its issuer ${shown} is not the sign-in flow’s ${mainIssuer}. In B2C every user flow of a tenant has the same issuer: check that this authority is of the same tenant.`,
  };
}

// The origins that need a host permission (see sendsNoCors). Only origins not read yet are probed:
// those whose discovery failed as unreachable, and the API's.
async function originsNeedingHostAccess(config: Config, discoveries: readonly Discovery[], timeoutMs: number): Promise<string[]> {
  const probes = new Map<string, string>();
  for (const discovery of discoveries) {
    const origin = new URL(discovery.url).origin;
    if (!discovery.found && discovery.failure === 'unreachable' && !probes.has(origin)) probes.set(origin, discovery.url);
  }
  if (!discoveries.some(({ url }) => new URL(url).origin === config.apiUrl.origin)) {
    probes.set(config.apiUrl.origin, config.apiUrl.href);
  }
  const listed = await Promise.all(
    [...probes].map(async ([origin, url]) => ((await sendsNoCors(url, timeoutMs)) ? [origin] : [])),
  );
  return listed.flat();
}
