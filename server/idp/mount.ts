import type { Middleware } from 'koa';
import { DISCOVERY_PATH, PROVIDER_DISCOVERY_PATH, type Flow } from './paths.ts';

/**
 * Returns the middleware that mounts everything under the policy prefix of each user flow
 * (`/{tenant}.onmicrosoft.com/{policy}`, matched case-insensitively as B2C does) and maps B2C's discovery path onto
 * oidc-provider's. Anything else is 404. oidc-provider builds its own URLs from ctx.mountPath, as under koa-mount,
 * so every flow's metadata, redirects and interaction pages stay under that flow's prefix.
 */
export function createMount(flows: readonly Flow[]): Middleware {
  const mounts = flows.map((flow) => ({ prefix: flow.prefix, lower: `${flow.prefix.toLowerCase()}/` }));
  return async (ctx, next) => {
    const path = ctx.path;
    const lowerPath = path.toLowerCase();
    const mount = mounts.find((candidate) => lowerPath.startsWith(candidate.lower));
    if (!mount) {
      ctx.status = 404;
      return undefined;
    }
    let rest = path.slice(mount.prefix.length);
    if (rest.toLowerCase() === DISCOVERY_PATH.toLowerCase()) rest = PROVIDER_DISCOVERY_PATH;
    // oidc-provider also answers /.well-known/* directly under its mount; B2C does not.
    else if (rest.startsWith('/.well-known/')) {
      ctx.status = 404;
      return undefined;
    }
    // The configured spelling, whatever the request's case, so URLs and cookie paths stay one per flow.
    (ctx as { mountPath?: string }).mountPath = mount.prefix;
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
