/**
 * Turns the incoming request into what we record about its sender: keyed IP hash, coarse location,
 * user-agent and accept-language. The raw IP exists only inside this function.
 */
import type { Context } from 'hono';
import { pickAllowedHeaders } from '../../privacy/header-allow-list.ts';
import { aggregateNetwork } from '../../privacy/cidr.ts';
import { rateLimitNetwork } from '../../privacy/normalize-ip.ts';
import type { RequestContext } from '../../schema/raw-records.ts';
import type { AppDeps } from '../app/app-deps.ts';

export interface SenderDescription {
  request: RequestContext;
  /** Keyed hash of the network the per-client limits apply to (an IPv6 /64, or the IPv4 address). */
  limiterKey: string;
  /** Keyed hash of the sender's IPv4 /24 or IPv6 /48, for the aggregate limit. */
  networkKey: string;
}

/** What describing a sender needs: the client IP, the keyed hasher and the locator. */
export type SenderDeps = Pick<AppDeps, 'resolveClientIp' | 'ipHasher' | 'geo'>;

export function describeSender(c: Context, deps: SenderDeps): SenderDescription {
  const ip = deps.resolveClientIp(c);
  const { hashedIp, keyId } = deps.ipHasher.hash(ip);
  const network = rateLimitNetwork(ip);
  const limiterKey = network === ip ? hashedIp : deps.ipHasher.hash(network).hashedIp;
  const networkKey = deps.ipHasher.hash(aggregateNetwork(ip)).hashedIp;
  const { country, state } = deps.geo.locate(ip);
  const { userAgent, acceptLanguage } = pickAllowedHeaders(c.req.raw.headers);
  return { request: { hashedIp, ipKeyId: keyId, country, state, userAgent, acceptLanguage }, limiterKey, networkKey };
}
