import type { IdpSwitches } from '../types.ts';
import { EVIL_ISSUER } from './id-token.ts';

/** The error_description of 'accessDeniedHtml': markup a client must never render as HTML. */
export const HTML_DESCRIPTION = '<img src=x onerror=alert(1)><b>Denied</b>';

/**
 * Returns the redirect to the client with its response parameters rewritten. B2C sends no `iss` parameter
 * (RFC 9207), so it is always removed; then, for a successful response (one with a code), `mode` is applied.
 */
export function rewriteAuthorizeRedirect(location: string, mode: IdpSwitches['authorizeResponse']): string {
  const url = new URL(location);
  const inFragment = url.hash.length > 1;
  const params = new URLSearchParams(inFragment ? url.hash.slice(1) : url.search);
  params.delete('iss');
  if (params.has('code')) applyMode(params, mode);
  if (inFragment) url.hash = params.toString();
  else url.search = params.toString();
  return url.href;
}

function applyMode(params: URLSearchParams, mode: IdpSwitches['authorizeResponse']): void {
  switch (mode) {
    case 'forgedState':
      params.set('state', `forged-${crypto.randomUUID()}`);
      break;
    case 'missingState':
      params.delete('state');
      break;
    case 'accessDeniedHtml': {
      const state = params.get('state');
      for (const name of [...params.keys()]) params.delete(name);
      params.set('error', 'access_denied');
      params.set('error_description', HTML_DESCRIPTION);
      if (state !== null) params.set('state', state);
      break;
    }
    case 'wrongIss':
      params.set('iss', EVIL_ISSUER);
      break;
    case 'implicitInjection':
      params.set('access_token', 'injected-access-token');
      params.set('id_token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhdHRhY2tlciJ9.');
      params.set('token_type', 'Bearer');
      break;
    default:
      break;
  }
}
