import type { Context } from 'hono';
import { parseCidrList } from '../privacy/cidr.ts';
import { resolveClientIp } from '../privacy/client-ip.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
  server?: NodeBindings;
}

/** Reads the socket peer from @hono/node-server's bindings (absent under app.request() in tests). */
export function createHonoClientIpResolver(options: {
  trustProxy: boolean;
  clientIpHeader: string;
  proxyHops: number;
  trustedProxies?: readonly string[] | null;
}): (c: Context) => string {
  const trustedProxies = parseCidrList(options.trustedProxies ?? []);
  return (c) => {
    const bindings = (c.env ?? {}) as NodeBindings;
    const socketAddress = (bindings.server ?? bindings).incoming?.socket?.remoteAddress;
    return resolveClientIp({
      socketAddress,
      headers: c.req.raw.headers,
      trustProxy: options.trustProxy,
      clientIpHeader: options.clientIpHeader,
      proxyHops: options.proxyHops,
      trustedProxies,
    });
  };
}
