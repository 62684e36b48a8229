import {
  B2C_POLICY_SEGMENT,
  FLOW_FIELDS,
  isLoopbackHost,
  isMicrosoftAuthority,
  requestedScopes,
  splitScopes,
  URL_FIELDS,
} from 'mv3-signin/settings';
import { apiRowsOf, usesApiList } from './api-rows';
import { checkAdvice } from './check-advice';
import type { SettingsField, SettingsValues } from 'mv3-signin/settings';
import { fieldLabel } from './field-label';
import { t } from './i18n';

export type CheckWarningCode = 'http_not_loopback' | 'policy_query' | 'no_api_scope' | 'no_user_flow';

/** A known mistake, found from the values alone, about one field. */
export interface CheckWarning {
  readonly field: SettingsField;
  readonly code: CheckWarningCode;
  readonly message: string;
}

// The user flows' authorities: the sign-in one and the other flows'.
const AUTHORITY_FIELDS: readonly SettingsField[] = ['authority', ...FLOW_FIELDS];

const EXAMPLE_FLOW = 'B2C_1_signupsignin';
// Where the tenant part of a B2C authority ends: what follows is the version or an endpoint.
const AFTER_TENANT = new Set(['v2.0', '.well-known', 'oauth2', 'discovery']);

/**
 * The known mistakes found from the values alone, without the network and before validation (so a
 * value the validator refuses can still be explained).
 *
 * @returns one warning per mistake, in field order; none for a clean configuration.
 */
export function configWarnings(values: SettingsValues): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  // Each code's words are `warning_<code>` in public/_locales, with the field's label as $1
  // (no_api_scope's depend on the provider: lib/check-advice.ts).
  const warn = (field: SettingsField, code: CheckWarningCode, ...substitutions: string[]) =>
    warnings.push({ field, code, message: t(`warning_${code}`, fieldLabel(field), ...substitutions) });
  // With a list of APIs, API URL is not used (the validator words what is wrong in the list).
  const list = usesApiList(values);
  for (const field of URL_FIELDS) {
    if (list && field === 'apiUrl') continue;
    const url = parseUrl(values[field]);
    if (!url) continue;
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      warn(field, 'http_not_loopback', url.host);
    }
    if (!AUTHORITY_FIELDS.includes(field)) continue;
    const policy = policyQuery(url);
    // B2C's old ?p= form only on Microsoft's hosts or with a B2C policy (any other query the validator refuses).
    if (policy !== undefined && isMicrosoftAuthority(url)) {
      warn(field, 'policy_query', b2cAuthority(url, policy));
    } else if (url.hostname.endsWith('.b2clogin.com') && !url.pathname.split('/').some((s) => B2C_POLICY_SEGMENT.test(s))) {
      warn(field, 'no_user_flow', b2cAuthority(url, EXAMPLE_FLOW));
    }
  }
  // Sign-in asks for the first API's scopes.
  const configured = splitScopes(apiRowsOf(values)[0]?.scopes ?? '');
  // requestedScopes adds the client id exactly when no API scope is configured: '' marks that
  // addition here, since no configured scope is empty.
  if (requestedScopes(configured, '').includes('')) {
    warnings.push({
      field: list ? 'apis' : 'scopes',
      code: 'no_api_scope',
      message: t(checkAdvice(values.authority).noApiScope, fieldLabel('scopes')),
    });
  }
  return warnings;
}

function parseUrl(value: string | undefined): URL | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

// The `p` query parameter's value (any case of the name), if there is one.
function policyQuery(url: URL): string | undefined {
  for (const [name, value] of url.searchParams) if (name.toLowerCase() === 'p') return value;
  return undefined;
}

// The path form of a B2C authority on the same host: /{tenant}/{user flow}/v2.0.
function b2cAuthority(url: URL, policy: string): string {
  const segments = url.pathname.split('/').filter(Boolean);
  const end = segments.findIndex((s) => AFTER_TENANT.has(s.toLowerCase()) || B2C_POLICY_SEGMENT.test(s));
  const tenant = segments.slice(0, end === -1 ? undefined : end);
  if (tenant.length === 0) tenant.push(`${url.hostname.split('.')[0]}.onmicrosoft.com`);
  const flow = /^[\w.-]{1,100}$/.test(policy) ? policy : EXAMPLE_FLOW;
  const scheme = url.protocol === 'http:' && !isLoopbackHost(url.hostname) ? 'https:' : url.protocol;
  return `${scheme}//${url.host}/${tenant.join('/')}/${flow}/v2.0`;
}
