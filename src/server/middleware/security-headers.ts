/**
 * Headers every answer carries, JSON and errors included (the HTML page sets its own, stricter
 * CSP for what it loads): no content sniffing, no referrer, never framed. API answers hold one
 * user's data (conversations, tokens, exports), so no browser or proxy cache may keep them.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app/server-services.ts';

/** Nothing for a JSON answer to load, and no page may frame it. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const API_PREFIXES = ['/api/', '/v1/', '/admin/'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/api' || path === '/v1';
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    headers.set('x-frame-options', 'DENY');
    if (!headers.has('content-security-policy')) headers.set('content-security-policy', API_CONTENT_SECURITY_POLICY);
    // The SSE replies already say no-store (with no-transform); everything else gets it here.
    if (isApiPath(c.req.path) && !(headers.get('cache-control') ?? '').includes('no-store')) headers.set('cache-control', 'no-store');
  };
}
