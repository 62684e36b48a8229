import { configWarnings, type CheckWarning } from './check-warnings';
import type { CheckFacts } from './check-facts';
import type { DiscoveryFailure, DiscoveryRead } from './discovery-read';
import { MAX_RESPONSE_BYTES } from './auth/http';
import { parseConfigValues, CONFIG_FIELDS, type ConfigField, type ConfigValues } from './config-fields';
import type { Config } from './config';
import { endpointProblem, ENDPOINTS, providerOrigins } from './endpoints';
import { providerText } from './errors';

/** One line of the report, about one field when it names one. */
export interface CheckLine {
  readonly field?: ConfigField;
  readonly message: string;
}

/** What the configuration "Check" found, each part in plain words. */
export interface CheckReport {
  /** Values the validator refuses (field + plain words, e.g. "Authority must use https:// ..."); when any, nothing was fetched. */
  readonly problems: readonly CheckLine[];
  /** Known mistakes, found from the values alone (no network). */
  readonly warnings: readonly CheckWarning[];
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

const REDIRECT_MESSAGE =
  'Register this redirect URI in your app registration under the Single-page application platform (not Web: the provider then refuses the extension’s token request, which is cross-origin and has no client secret).';
// Entra External ID's issuer form: the tenant GUID as host.
const CIAM_GUID_HOST = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.ciamlogin\.com$/i;

type Discovery =
  | { readonly url: string; readonly found: true; readonly message: string; readonly metadata: Record<string, unknown> }
  | { readonly url: string; readonly found: false; readonly message: string; readonly failure: DiscoveryFailure };

/**
 * Puts what "Check" found (gathered by the background: lib/check-facts.ts) in plain words, with
 * the value-only warnings. Pure: it runs in the options page.
 */
export function describeCheck(values: ConfigValues, facts: CheckFacts, redirectUri: string): CheckReport {
  const warnings = configWarnings(values);
  const redirect = { uri: redirectUri, message: REDIRECT_MESSAGE };
  const { needsHostAccess } = facts;
  if (facts.problem || !facts.main) {
    return { problems: facts.problem ? [facts.problem] : [], warnings, redirect, needsHostAccess: [] };
  }
  const config = parseConfigValues(values);
  const origins = providerOrigins(config);
  const discovery = explainCors(worded(facts.main, facts.timeoutMs, origins), needsHostAccess);
  const declared = discovery.found ? String(discovery.metadata['issuer']) : config.issuer.href;
  // Each flow's issuer is compared with what the sign-in flow declares, or else with the expected one.
  const mainIssuer = URL.canParse(declared) ? declared : config.issuer.href;
  const flows = facts.flows.map(({ field, read }) =>
    flowLine(field, explainCors(worded(read, facts.timeoutMs, origins), needsHostAccess), mainIssuer, origins),
  );
  return {
    problems: [],
    warnings,
    discovery: discovery.found
      ? { url: discovery.url, found: true, message: discovery.message }
      : { url: discovery.url, found: false, message: discovery.message, failure: discovery.failure },
    ...(discovery.found ? { issuer: issuerLine(values, config, declared), endpoints: endpointsOf(discovery) } : {}),
    ...(flows.length > 0 ? { flows } : {}),
    redirect,
    needsHostAccess,
  };
}

function worded(read: DiscoveryRead, timeoutMs: number, origins: ReadonlySet<string>): Discovery {
  const { url } = read;
  if (read.found)
    return { ...read, message: `Found the OpenID configuration at ${url}.${refusedEndpoint(read.metadata, origins)}` };
  const failed = (message: string): Discovery => ({ url, found: false, failure: read.failure, message });
  switch (read.failure) {
    case 'not_found':
      return failed(notFoundMessage(url, read.status ?? 0));
    case 'too_large':
      return failed(
        `The answer at ${url} is larger than ${MAX_RESPONSE_BYTES / 1024} KB, more than any OpenID configuration needs, so it was not read.`,
      );
    case 'timeout':
      return failed(`${url} did not answer within ${timeoutMs / 1000} seconds, so the check gave up.`);
    case 'not_json':
      return failed(`The answer at ${url} is not JSON (a web page?), so it is no OpenID configuration. Check the authority.`);
    case 'not_metadata':
      return failed(`The JSON at ${url} is no OpenID configuration: it declares no issuer. Check the authority.`);
    case 'unreachable':
      return failed(`${url} could not be reached: the server is down, or the host name or port is wrong.`);
  }
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

// Sign-in refuses metadata with an endpoint it will not use (lib/endpoints.ts): say which, and why.
function refusedEndpoint(metadata: Record<string, unknown>, origins: ReadonlySet<string>): string {
  for (const name of ENDPOINTS) {
    const problem = endpointProblem(metadata, name, origins);
    if (problem === 'other_origin') {
      const on = providerText(new URL(String(metadata[name])).origin) ?? '';
      return ` But sign-in will refuse it: its ${name} is on ${on}, not on the authority’s origin (${[...origins].join(', ')}), where B2C and Entra External ID keep every endpoint.`;
    }
    if (problem) return ` But sign-in will refuse it: its ${name} is missing or not https.`;
  }
  return '';
}

function flowLine(field: ConfigField, discovery: Discovery, mainIssuer: string, origins: ReadonlySet<string>): CheckLine {
  const label = CONFIG_FIELDS[field].label;
  if (!discovery.found) return { field, message: `${label}: ${discovery.message}` };
  const issuer = discovery.metadata['issuer'];
  if (sameIssuer(issuer, mainIssuer)) {
    const refused = refusedEndpoint(discovery.metadata, origins);
    return { field, message: `${label}: found its OpenID configuration, with the same issuer as the sign-in flow.${refused}` };
  }
  const shown = providerText(issuer) ?? '(empty)';
  return {
    field,
    message: `${label}: found its OpenID configuration, but its issuer ${shown} is not the sign-in flow’s ${mainIssuer}. In B2C every user flow of a tenant has the same issuer: check that this authority is of the same tenant.`,
  };
}
