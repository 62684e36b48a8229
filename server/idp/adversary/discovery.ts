import type { Context } from 'koa';
import type { IdpSwitches } from '../types.ts';
import { EVIL_ISSUER } from './id-token.ts';

/** The host the 'httpNonLoopback' case moves every endpoint to. */
export const NON_LOOPBACK_ORIGIN = 'http://idp.example.com';

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

/** Alters the metadata document for 'wrongIssuer' and 'httpNonLoopback'. */
export function tamperMetadata(metadata: Record<string, unknown>, mode: IdpSwitches['discovery'], origin: string): void {
  if (mode === 'wrongIssuer') {
    metadata.issuer = `${EVIL_ISSUER}${new URL(String(metadata.issuer)).pathname.slice(1)}`;
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
