import { checkAdvice, type CheckAdvice } from './check-advice';
import { configWarnings, type CheckWarning } from './check-warnings';
import { providerText } from 'mv3-signin';
import {
  ENDPOINTS,
  providerOrigins,
  refusedEndpoint,
  type CheckFacts,
  type DiscoveryFailure,
  type DiscoveryRead,
  type RedirectVerdict,
} from 'mv3-signin/check';
import { parseSettings, parseUrl, type Settings, type SettingsField, type SettingsValues } from 'mv3-signin/settings';
import { fieldLabel } from './field-label';
import { t, type MessageKey } from './i18n';

/**
 * A line's verdict: `problem` (sign-in will fail until it is fixed), `warning` (a likely mistake,
 * or something Check could not verify), `ok` (as sign-in needs it). The options page shows it as a
 * word, an icon and a colour, and sets it as the line's `data-severity`.
 */
export type Severity = 'problem' | 'warning' | 'ok';

/** One line of the report, about one field when it names one, with its verdict. */
export interface CheckLine {
  readonly field?: SettingsField;
  readonly severity: Severity;
  readonly message: string;
}

/** What the configuration "Check" found, each part in plain words. */
export interface CheckReport {
  /** Values the validator refuses (field + plain words, e.g. "Authority must use https:// ..."); when any, nothing was fetched. */
  readonly problems: readonly CheckLine[];
  /** Known mistakes, found from the values alone (no network): each a `warning`. */
  readonly warnings: readonly (CheckWarning & CheckLine)[];
  /** The discovery document at `${authority}/.well-known/openid-configuration`. */
  readonly discovery?: {
    readonly url: string;
    readonly found: boolean;
    readonly message: string;
    /** `ok` when found and usable; `problem` when not found, or when sign-in will refuse it. */
    readonly severity: Severity;
    /** Set when not found. */
    readonly failure?: DiscoveryFailure;
  };
  /** What the provider declares as issuer, and whether it matches the Issuer field. */
  readonly issuer?: {
    readonly declared: string;
    readonly matches: boolean;
    readonly message: string;
    /** `ok` when it matches, else `problem` (sign-in compares them). */
    readonly severity: Severity;
    /** offered with one click on a mismatch */
    readonly suggestion?: string;
  };
  /** The endpoints found in the document (shown as one `ok` line: what was found). */
  readonly endpoints?: readonly { readonly name: string; readonly url: string }[];
  /**
   * Each other user flow configured (password reset, profile edit): found, and same issuer as the
   * sign-in flow's (compared only when the sign-in flow's document was found, else a `warning`).
   */
  readonly flows?: readonly CheckLine[];
  /** The redirect URI to register, and where: an instruction, so `ok` unless something found it unregistered. */
  readonly redirect: { readonly uri: string; readonly message: string; readonly severity: Severity };
  /** Whether the provider accepts the redirect URI (`redirect.uri`), asked without the user. */
  readonly redirectRegistered?: { readonly message: string; readonly severity: Severity };
  /** Origins that answer but send no CORS headers for the extension: they need a host permission. */
  readonly needsHostAccess: readonly string[];
  /** Each API whose origin needs a host permission, by name (a `warning`: "Save" asks for the access). */
  readonly apiAccess?: readonly { readonly api: string; readonly origin: string; readonly message: string }[];
  /** The origins of needsHostAccess that are no API's (the provider's): one `warning` line for them all. */
  readonly otherAccess?: readonly string[];
}

// Entra External ID's issuer form: the tenant GUID as host.
const CIAM_GUID_HOST = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.ciamlogin\.com$/i;

type Discovery =
  | {
      readonly url: string;
      readonly found: true;
      readonly message: string;
      readonly metadata: Record<string, unknown>;
      /** `problem` when sign-in will refuse the document (lib/endpoints.ts). */
      readonly severity: Severity;
    }
  | { readonly url: string; readonly found: false; readonly message: string; readonly failure: DiscoveryFailure };

/**
 * Puts what "Check" found (gathered by the background: lib/check-facts.ts) in plain words, with
 * the value-only warnings. Pure: it runs in the options page.
 */
export function describeCheck(values: SettingsValues, facts: CheckFacts, redirectUri: string): CheckReport {
  const warnings = configWarnings(values).map((warning) => ({ ...warning, severity: 'warning' as const }));
  const advice = checkAdvice(values.authority);
  const redirect = { uri: redirectUri, message: t(advice.redirect), severity: 'ok' as const };
  const { needsHostAccess } = facts;
  if (facts.problem || !facts.main) {
    const problems = facts.problem ? [{ ...facts.problem, severity: 'problem' as const }] : [];
    return { problems, warnings, redirect, needsHostAccess: [] };
  }
  const config = parseSettings(values);
  const origins = providerOrigins(config);
  const words = { timeoutMs: facts.timeoutMs, maxResponseBytes: facts.maxResponseBytes, origins, advice };
  const discovery = explainCors(worded(facts.main, words), needsHostAccess);
  const declared = discovery.found ? String(discovery.metadata['issuer']) : config.issuer.href;
  // Each flow's issuer is compared with what the sign-in flow declares (or, when that is no URL,
  // with the expected one); when the sign-in flow's document was not found, with nothing.
  const mainIssuer = !discovery.found ? undefined : parseUrl(declared) ? declared : config.issuer.href;
  const flows = facts.flows.map(({ field, read }) =>
    flowLine(field, explainCors(worded(read, words), needsHostAccess), mainIssuer, words),
  );
  return {
    problems: [],
    warnings,
    discovery: discovery.found
      ? { url: discovery.url, found: true, message: discovery.message, severity: discovery.severity }
      : { url: discovery.url, found: false, message: discovery.message, severity: 'problem', failure: discovery.failure },
    ...(discovery.found ? { issuer: issuerLine(values, config, declared, advice), endpoints: endpointsOf(discovery) } : {}),
    ...(flows.length > 0 ? { flows } : {}),
    redirect,
    ...(facts.redirect ? { redirectRegistered: registrationLine(facts.redirect, config.clientId) } : {}),
    needsHostAccess,
    ...accessLines(config, needsHostAccess),
  };
}

// Host access named by API (each API whose origin needs it), and the rest (the provider's origins) on one line.
function accessLines(config: Settings, needsHostAccess: readonly string[]): Pick<CheckReport, 'apiAccess' | 'otherAccess'> {
  const apiAccess = config.apis
    .filter(({ url }) => needsHostAccess.includes(url.origin))
    .map(({ name, url }) => ({ api: name, origin: url.origin, message: t('check_api_needs_access', name, url.origin) }));
  const apiOrigins = new Set(config.apis.map(({ url }) => url.origin));
  return { apiAccess, otherAccess: needsHostAccess.filter((origin) => !apiOrigins.has(origin)) };
}

function registrationLine(verdict: RedirectVerdict, clientId: string): NonNullable<CheckReport['redirectRegistered']> {
  switch (verdict) {
    case 'registered':
      return { message: t('check_redirect_registered'), severity: 'ok' };
    case 'not_registered':
      return { message: t('check_redirect_not_registered', clientId), severity: 'problem' };
    case 'unknown':
      return { message: t('check_redirect_unknown'), severity: 'warning' };
  }
}

// What wording a read needs besides the read: the limits, the origins sign-in allows, the provider's advice.
interface Words {
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly origins: ReadonlySet<string>;
  readonly advice: CheckAdvice;
}

function worded(read: DiscoveryRead, { timeoutMs, maxResponseBytes, origins, advice }: Words): Discovery {
  const { url } = read;
  if (read.found) return { ...read, ...withRefused(t('check_found', url), read.metadata, origins, advice) };
  const failed = (message: string): Discovery => ({ url, found: false, failure: read.failure, message });
  switch (read.failure) {
    case 'not_found':
      return failed(notFoundMessage(url, read.status ?? 0, advice));
    case 'too_large':
      return failed(t('check_too_large', url, String(Math.floor(maxResponseBytes / 1024))));
    case 'timeout':
      return failed(t('check_timeout', url, String(timeoutMs / 1000)));
    case 'not_json':
      return failed(t('check_not_json', url));
    case 'not_metadata':
      return failed(t('check_not_metadata', url));
    case 'unreachable':
      return failed(t('check_unreachable', url));
  }
}

function notFoundMessage(url: string, status: number, advice: CheckAdvice): string {
  // A redirect is opaque (status 0) in a browser, since discovery does not follow redirects.
  if (status === 0) return t(advice.notFoundRedirect, url);
  return t(status >= 500 ? 'check_not_found_failing' : advice.notFound, url, String(status));
}

// In the extension, a fetch blocked by CORS fails like an unreachable server; say which it was.
function explainCors(discovery: Discovery, needsHostAccess: readonly string[]): Discovery {
  if (discovery.found || discovery.failure !== 'unreachable' || !needsHostAccess.includes(new URL(discovery.url).origin)) {
    return discovery;
  }
  const message = t('check_no_cors', discovery.url, new URL(discovery.url).origin);
  return { ...discovery, message };
}

// The comparison processDiscoveryResponse makes at sign-in.
function sameIssuer(declared: unknown, expected: URL | string): boolean {
  return parseUrl(declared)?.href === new URL(expected).href;
}

function issuerLine(
  values: SettingsValues,
  config: Settings,
  declared: string,
  advice: CheckAdvice,
): NonNullable<CheckReport['issuer']> {
  const shown = providerText(declared) ?? t('check_empty');
  const byField = Boolean(values.issuer?.trim());
  if (sameIssuer(declared, config.issuer)) {
    const message = t(byField ? 'check_issuer_matches_field' : 'check_issuer_matches_authority', shown);
    return { declared: shown, matches: true, message, severity: 'ok' };
  }
  const host = parseUrl(declared)?.hostname ?? '';
  const suggestion = acceptedIssuer(values, declared);
  const sentences = [
    t(byField ? 'check_issuer_differs_field' : 'check_issuer_differs_authority', shown, config.issuer.href),
    t(CIAM_GUID_HOST.test(host) ? 'check_issuer_why_ciam' : advice.issuerWhy),
    t(suggestion ? 'check_issuer_use_found' : 'check_issuer_not_valid'),
  ];
  return {
    declared: shown,
    matches: false,
    message: sentences.join(' '),
    severity: 'problem',
    ...(suggestion ? { suggestion } : {}),
  };
}

// Offered with one click, so only a value the one validator accepts, spelled as sign-in compares it.
function acceptedIssuer(values: SettingsValues, declared: string): string | undefined {
  try {
    return parseSettings({ ...values, issuer: declared }).issuer.href;
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
function withRefused(
  message: string,
  metadata: Record<string, unknown>,
  origins: ReadonlySet<string>,
  advice: CheckAdvice,
): { message: string; severity: Severity } {
  const refused = refusedEndpoint(metadata, origins);
  if (!refused) return { message, severity: 'ok' };
  if (refused.problem !== 'other_origin') {
    return { message: `${message} ${t('check_refused_invalid', refused.name)}`, severity: 'problem' };
  }
  const on = providerText(new URL(String(metadata[refused.name])).origin) ?? '';
  const why = t(advice.refusedOtherOrigin, refused.name, on, [...origins].join(', '));
  return { message: `${message} ${why}`, severity: 'problem' };
}

function flowLine(
  field: SettingsField,
  discovery: Discovery,
  mainIssuer: string | undefined,
  { origins, advice }: Words,
): CheckLine {
  const label = fieldLabel(field);
  if (!discovery.found) return { field, severity: 'problem', message: t('check_flow_failed', label, discovery.message) };
  const issuer = discovery.metadata['issuer'];
  if (mainIssuer === undefined) {
    const { message, severity } = withRefused(t('check_flow_not_compared', label), discovery.metadata, origins, advice);
    return { field, severity: severity === 'ok' ? 'warning' : severity, message };
  }
  if (sameIssuer(issuer, mainIssuer)) {
    return { field, ...withRefused(t('check_flow_same_issuer', label), discovery.metadata, origins, advice) };
  }
  const shown = providerText(issuer) ?? t('check_empty');
  return { field, severity: 'problem', message: t(advice.flowOtherIssuer, label, shown, mainIssuer) };
}

/** The endpoints line's verdict: it lists what was found (a refused one makes the discovery line a `problem`). */
export const ENDPOINTS_SEVERITY: Severity = 'ok';
/** The host-access line's verdict: "Save" asks for the access, so nothing fails yet. */
export const ACCESS_SEVERITY: Severity = 'warning';

/** The origins the host-access line lists: those that are no API's (each API has its own line). */
export function otherAccessOf(report: CheckReport): readonly string[] {
  return report.otherAccess ?? report.needsHostAccess;
}

/** Each line's verdict, in the order the options page shows the lines. */
export function reportSeverities(report: CheckReport): Severity[] {
  return [
    ...report.problems.map(({ severity }) => severity),
    ...(report.discovery ? [report.discovery.severity] : []),
    ...(report.issuer ? [report.issuer.severity] : []),
    ...(report.endpoints?.length ? [ENDPOINTS_SEVERITY] : []),
    ...(report.flows ?? []).map(({ severity }) => severity),
    ...report.warnings.map(({ severity }) => severity),
    ...(report.apiAccess ?? []).map(() => ACCESS_SEVERITY),
    ...(otherAccessOf(report).length > 0 ? [ACCESS_SEVERITY] : []),
    report.redirect.severity,
    ...(report.redirectRegistered ? [report.redirectRegistered.severity] : []),
  ];
}

function counted(count: number, none: MessageKey, one: MessageKey, other: MessageKey): string {
  return count === 0 ? t(none) : count === 1 ? t(one) : t(other, String(count));
}

/**
 * The report in one sentence, for the live region that announces it.
 *
 * @returns e.g. "Check found 1 problem and 2 warnings."
 */
export function summarizeCheck(report: CheckReport): string {
  const severities = reportSeverities(report);
  const problems = severities.filter((severity) => severity === 'problem').length;
  const warnings = severities.filter((severity) => severity === 'warning').length;
  return t(
    'check_summary',
    counted(problems, 'check_count_problems_none', 'check_count_problems_one', 'check_count_problems_other'),
    counted(warnings, 'check_count_warnings_none', 'check_count_warnings_one', 'check_count_warnings_other'),
  );
}
