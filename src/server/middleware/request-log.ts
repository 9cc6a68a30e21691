/**
 * One log line and one metrics update per request: route pattern (never the concrete path or query),
 * method, status, duration. No IPs, tokens, bodies or message text are ever logged.
 */
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppDeps } from '../app/app-deps.ts';
import type { AppEnv, ServerServices } from '../app/server-services.ts';

export function requestLog(services: Pick<ServerServices, 'metrics'> & { deps: Pick<AppDeps, 'logger'> }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const durationMs = performance.now() - startedAt;
    // The endpoint is the first matched route bound to a method; `use()` middleware is bound to ALL.
    const route = matchedRoutes(c).find((matched) => matched.method !== 'ALL')?.path ?? 'unmatched';
    const status = c.res.status;
    services.metrics.requests.inc({ route, method: c.req.method, status: String(status) });
    services.metrics.requestDuration.observe(durationMs / 1000, { route });
    services.deps.logger.info({ route, method: c.req.method, status, durationMs: Math.round(durationMs * 100) / 100 }, 'request');
  };
}
