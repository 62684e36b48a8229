import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { closeServer, listenOnLoopback } from '../listen.ts';
import { createClientErrorHandler, createConnectHandler } from './client-error.ts';
import { corsHeaders } from './cors.ts';
import { demoPageHtml } from './demo-page.ts';
import { handleRequest, HELLO_PATH, loggedPath, pathOf, type RequestContext } from './handle-request.ts';
import { createKeySource } from './key-source.ts';
import { connectionsCheckingIntervalMs } from './limits.ts';
import { formatLogLine } from './log.ts';
import { resolveApiOptions, type ApiOptions, type ResolvedApiOptions } from './options.ts';
import { jsonReply, sendReply, type Reply } from './reply.ts';
import { createTokenVerifier } from './verify-token.ts';

export type { ApiOptions } from './options.ts';
export type { JwksOptions } from './key-source.ts';
export type { ApiLimits } from './limits.ts';
export type { Caller, TokenVerifier } from './verify-token.ts';
export { createTokenVerifier } from './verify-token.ts';
export { createKeySource, KeySourceUnavailable, type KeySource } from './key-source.ts';

/** A running API. */
export interface Api {
  port: number;
  /** `http://localhost:<port>` */
  origin: string;
  /** The protected endpoint, `${origin}/hello`. */
  url: string;
  /** The demo page, `${origin}/`: where the extension's content script shows the caller's `/hello`. */
  pageUrl: string;
  /** Stops listening and drops idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Starts the reference protected API on 127.0.0.1: `GET /hello` for a caller with a valid
 * RS256 access token carrying the required scope, and its demo page at `GET /` (no token).
 *
 * @returns the running API once it listens.
 * @throws TypeError for invalid options; rejects when the port cannot be bound.
 */
export async function startApi(options: ApiOptions): Promise<Api> {
  const resolved = resolveApiOptions(options);
  const { limits } = resolved;
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: connectionsCheckingIntervalMs(limits),
    },
    createListener(createContext(resolved), resolved),
  );
  // Properties, not createServer options, on Node 20.
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on('clientError', createClientErrorHandler(resolved.log));
  server.on('connect', createConnectHandler(resolved.log));
  const port = await listenOnLoopback(server, resolved.port);
  const origin = `http://localhost:${port}`;
  return { port, origin, url: `${origin}${HELLO_PATH}`, pageUrl: `${origin}/`, close: () => closeServer(server) };
}

function createContext(options: ResolvedApiOptions): RequestContext {
  const { issuer, audience, clockToleranceSec, maxTokenAgeSec, requiredScope, allowedOrigins, jwks, limits } = options;
  const keys = createKeySource(options.keyLocation, {
    jwks,
    failureCooldownMs: limits.keyFailureCooldownMs,
    failureCooldownMaxMs: limits.keyFailureCooldownMaxMs,
  });
  return {
    verify: createTokenVerifier({
      issuer,
      audience,
      clockToleranceSec,
      maxTokenAgeSec,
      keys,
      cacheEntries: limits.verificationCacheEntries,
    }),
    requiredScope,
    allowedOrigins,
    demoPage: demoPageHtml(options.name, HELLO_PATH),
  };
}

function createListener(ctx: RequestContext, options: ResolvedApiOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void respond(req, res, ctx, options);
  };
}

async function respond(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, options: ResolvedApiOptions) {
  const started = performance.now();
  const reply = await handleRequest(req, ctx).catch((): Reply => jsonReply(500, { error: 'internal' }, { reason: 'internal' }));
  sendReply(res, reply, corsHeaders(req.headers.origin, options.allowedOrigins));
  // Logged here, once per request, from fields that cannot hold a token or a query string.
  options.log(
    formatLogLine({
      method: req.method ?? null,
      path: loggedPath(pathOf(req.url)),
      status: reply.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(reply.sub === undefined ? {} : { sub: reply.sub }),
      ...(reply.reason === undefined ? {} : { reason: reply.reason }),
    }),
  );
}
