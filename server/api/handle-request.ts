import type { IncomingMessage } from 'node:http';
import { readBearerToken } from './bearer.ts';
import { preflightReply } from './cors.ts';
import { DEMO_PAGE_HEADERS, DEMO_PAGE_PATH } from './demo-page.ts';
import { insufficientScope, invalidToken, missingToken, rejectionFor, type Rejection } from './rejection.ts';
import { jsonReply, pageReply, type Reply } from './reply.ts';
import type { TokenVerifier } from './verify-token.ts';

/** What the request handler needs, built once by startApi. */
export interface RequestContext {
  verify: TokenVerifier;
  requiredScope: string;
  allowedOrigins: ReadonlySet<string>;
  /** The demo page (`GET /`), built once from the API's options (demo-page.ts). */
  demoPage: string;
}

/** The one protected endpoint. */
export const HELLO_PATH = '/hello';
// Unknown paths are caller-chosen text; log only a prefix so a pasted token never lands whole in the log.
const LOGGED_PATH_LIMIT = 64;

/** The pathname of `rawUrl`, without query string or fragment. */
export function pathOf(rawUrl: string | undefined): string {
  return (rawUrl ?? '/').split(/[?#]/, 1)[0] ?? '/';
}

/** The path as it may appear in the log. */
export function loggedPath(path: string): string {
  return path === HELLO_PATH ? path : path.slice(0, LOGGED_PATH_LIMIT);
}

/**
 * Routes one request and decides its reply. Never throws for bad input: every rejection is a
 * 4xx, and only an unreachable key source is a 503.
 */
export async function handleRequest(req: IncomingMessage, ctx: RequestContext): Promise<Reply> {
  const path = pathOf(req.url);
  if (path === DEMO_PAGE_PATH) return demoPageReply(req, ctx);
  if (path !== HELLO_PATH) return jsonReply(404, { error: 'not_found' }, { reason: 'not_found' });
  if (req.method === 'OPTIONS') return preflightReply(req.headers.origin, ctx.allowedOrigins);
  if (req.method !== 'GET') {
    return jsonReply(405, { error: 'method_not_allowed' }, { reason: 'method_not_allowed', headers: { Allow: 'GET, OPTIONS' } });
  }
  return helloReply(req, ctx);
}

// The page needs no token and is the same for everyone: GET only, no CORS preflight.
function demoPageReply(req: IncomingMessage, ctx: RequestContext): Reply {
  if (req.method !== 'GET') {
    return jsonReply(405, { error: 'method_not_allowed' }, { reason: 'method_not_allowed', headers: { Allow: 'GET' } });
  }
  return pageReply(ctx.demoPage, DEMO_PAGE_HEADERS);
}

async function helloReply(req: IncomingMessage, ctx: RequestContext): Promise<Reply> {
  const credentials = readBearerToken(req.headers.authorization);
  if (credentials.kind === 'missing') return rejectionReply(missingToken());
  if (credentials.kind === 'malformed') return rejectionReply(invalidToken('token_malformed'));
  let caller;
  try {
    caller = await ctx.verify(credentials.token);
  } catch (err) {
    return rejectionReply(rejectionFor(err));
  }
  if (!caller.scopes.includes(ctx.requiredScope)) {
    return { ...rejectionReply(insufficientScope(ctx.requiredScope)), sub: caller.subject };
  }
  const { name, subject, scopes } = caller;
  return jsonReply(200, { name, subject, scopes }, { sub: subject });
}

function rejectionReply(rejection: Rejection): Reply {
  const headers: Record<string, string> = {};
  if (rejection.challenge) headers['WWW-Authenticate'] = rejection.challenge;
  // The provider being down is not the caller's fault; tell clients when to try again.
  if (rejection.status === 503) headers['Retry-After'] = '5';
  return { status: rejection.status, headers, body: rejection.body, reason: rejection.reason };
}
