import type { Middleware } from 'koa';
import { DISCOVERY_PATH, PROVIDER_DISCOVERY_PATH } from './paths.ts';

/**
 * Returns the middleware that mounts everything under the policy prefix (`/{tenant}.onmicrosoft.com/{policy}`,
 * matched case-insensitively as B2C does) and maps B2C's discovery path onto oidc-provider's. Anything else is 404.
 * oidc-provider builds its own URLs from ctx.mountPath, as under koa-mount.
 */
export function createMount(prefix: string): Middleware {
  const lowerPrefix = prefix.toLowerCase();
  return async (ctx, next) => {
    const path = ctx.path;
    if (!path.toLowerCase().startsWith(`${lowerPrefix}/`)) {
      ctx.status = 404;
      return undefined;
    }
    let rest = path.slice(prefix.length);
    if (rest.toLowerCase() === DISCOVERY_PATH.toLowerCase()) rest = PROVIDER_DISCOVERY_PATH;
    // oidc-provider also answers /.well-known/* directly under its mount; B2C does not.
    else if (rest.startsWith('/.well-known/')) {
      ctx.status = 404;
      return undefined;
    }
    (ctx as { mountPath?: string }).mountPath = prefix;
    ctx.path = rest;
    return next();
  };
}

/** Returns the outermost middleware: one log line per request with method, path (never the query) and status. */
export function createRequestLog(log: ((line: string) => void) | undefined): Middleware {
  return async (ctx, next) => {
    if (!log) return next();
    const { method, path } = ctx;
    try {
      await next();
    } finally {
      log(`${method} ${path} ${ctx.respond === false ? 'held' : ctx.status}`);
    }
  };
}
