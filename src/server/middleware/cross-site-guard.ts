/**
 * Refuses writes a browser sends on behalf of another site (CSRF): a `text/plain` form POST needs
 * no CORS preflight, so without this check any page could record a consent — hashed IP, location,
 * user-agent — for a visitor who never agreed. Browsers say where a request comes from in
 * Sec-Fetch-Site and Origin; clients that send neither (SDKs, curl) are not browsers and pass.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../responses/api-error.ts';
import type { AppEnv, ServerServices } from '../app/server-services.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

export function crossSiteGuard(services: Pick<ServerServices, 'protection' | 'metrics'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin') ?? null;
    const fetchSite = c.req.header('sec-fetch-site')?.toLowerCase() ?? null;
    const allowed = services.protection().allowedOrigins ?? [];
    const allowedOrigin = origin !== null && allowed.some((entry) => entry.replace(/\/+$/, '').toLowerCase() === origin.toLowerCase());
    if (!allowedOrigin) {
      const host = c.req.header('host')?.toLowerCase() ?? null;
      const foreignOrigin = origin !== null && (origin === 'null' || host === null || originHost(origin) !== host);
      const foreignFetch = fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none';
      if (foreignOrigin || foreignFetch) {
        services.metrics.refusals.inc({ reason: 'cross_site' });
        throw new ApiError(403, 'cross_site_request', 'Requests from other sites are not accepted.');
      }
    }
    return next();
  };
}
