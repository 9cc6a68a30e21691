/**
 * Turns the incoming request into what we record about its sender: keyed IP hash, coarse location,
 * user-agent and accept-language. The raw IP exists only inside this function.
 */
import type { Context } from 'hono';
import { pickAllowedHeaders } from '../privacy/header-allow-list.ts';
import type { RequestContext } from '../schema/raw-records.ts';
import type { AppDeps } from './create-app.ts';

export function describeRequest(c: Context, deps: AppDeps): RequestContext {
  const ip = deps.resolveClientIp(c);
  const { hashedIp, keyId } = deps.ipHasher.hash(ip);
  const { country, state } = deps.geo.locate(ip);
  const { userAgent, acceptLanguage } = pickAllowedHeaders(c.req.raw.headers);
  return { hashedIp, ipKeyId: keyId, country, state, userAgent, acceptLanguage };
}
