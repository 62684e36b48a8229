import type { Context } from 'koa';
import type { IdpSwitches } from '../types.ts';

/** B2C's answer to an expired or revoked grant. */
export const EXPIRED_GRANT = {
  error: 'invalid_grant',
  error_description: 'AADB2C90080: The provided grant has expired. Please re-authenticate and try again.',
};
const HUGE_BODY_BYTES = 5 * 1024 * 1024;

/**
 * Replaces or alters the token endpoint's response as `mode` asks. For 'hang' the response is never written:
 * the socket stays open until the server closes.
 */
export function tamperTokenResponse(ctx: Context, mode: IdpSwitches['tokenEndpoint']): void {
  const body = isObject(ctx.body) ? ctx.body : undefined;
  switch (mode) {
    case 'html500':
      ctx.status = 500;
      ctx.type = 'html';
      ctx.body =
        '<!DOCTYPE html><html><head><title>Server Error</title></head><body><h1>500 - Internal server error.</h1></body></html>';
      break;
    case 'notJson':
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = 'access_token=not-json&this is not { json';
      break;
    case 'noAccessToken':
      if (body) delete body.access_token;
      break;
    case 'tokenTypeMac':
      if (body) body.token_type = 'MAC';
      break;
    case 'invalidGrant':
      ctx.status = 400;
      ctx.body = { ...EXPIRED_GRANT };
      break;
    case 'hang':
      // Koa writes nothing when respond is false; close() ends the connection.
      ctx.respond = false;
      break;
    case 'hugeBody':
      ctx.status = 200;
      ctx.type = 'json';
      ctx.body = JSON.stringify({ ...body, padding: 'x'.repeat(HUGE_BODY_BYTES) });
      break;
    default:
      break;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}
