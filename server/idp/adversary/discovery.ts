import type { Context } from 'koa';
import type { IdpSwitches } from '../types.ts';
import { EVIL_ISSUER } from './id-token.ts';

/** The host the 'httpNonLoopback' case moves every endpoint to. */
export const NON_LOOPBACK_ORIGIN = 'http://idp.example.com';

/** The endpoint each `*OtherOrigin` case moves to another origin. */
const OTHER_ORIGIN_ENDPOINTS: Partial<Record<IdpSwitches['discovery'], string>> = {
  authorizationOtherOrigin: 'authorization_endpoint',
  tokenOtherOrigin: 'token_endpoint',
  jwksOtherOrigin: 'jwks_uri',
  endSessionOtherOrigin: 'end_session_endpoint',
  revocationOtherOrigin: 'revocation_endpoint',
};

/**
 * Another origin for the same server: 127.0.0.1 instead of localhost. Still loopback http, so only
 * a client that pins endpoints to the authority's origin refuses it, and one that does not really
 * sends its requests there.
 */
export function otherOrigin(origin: string): string {
  const url = new URL(origin);
  url.hostname = '127.0.0.1';
  return url.origin;
}

/** Answers the discovery request in place of the provider for 'down' and 'notJson'; returns true if it did. */
export function replaceDiscovery(ctx: Context, mode: IdpSwitches['discovery']): boolean {
  if (mode === 'down') {
    ctx.status = 503;
    ctx.type = 'text/plain';
    ctx.body = 'Service Unavailable';
    return true;
  }
  if (mode === 'notJson') {
    ctx.status = 200;
    ctx.type = 'html';
    ctx.body = '<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>';
    return true;
  }
  return false;
}

/** Alters the metadata document for 'wrongIssuer', 'httpNonLoopback' and the `*OtherOrigin` cases. */
export function tamperMetadata(metadata: Record<string, unknown>, mode: IdpSwitches['discovery'], origin: string): void {
  if (mode === 'wrongIssuer') {
    metadata.issuer = `${EVIL_ISSUER}${new URL(String(metadata.issuer)).pathname.slice(1)}`;
  }
  const moved = OTHER_ORIGIN_ENDPOINTS[mode];
  const value = moved ? metadata[moved] : undefined;
  if (moved && typeof value === 'string' && value.startsWith(origin)) {
    metadata[moved] = otherOrigin(origin) + value.slice(origin.length);
  }
  if (mode === 'httpNonLoopback') {
    for (const [name, value] of Object.entries(metadata)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri') {
        if (typeof value === 'string' && value.startsWith(origin))
          metadata[name] = NON_LOOPBACK_ORIGIN + value.slice(origin.length);
      }
    }
  }
}
