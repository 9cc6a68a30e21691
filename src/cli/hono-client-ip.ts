import type { Context } from 'hono';
import { resolveClientIp } from '../privacy/client-ip.ts';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
  server?: NodeBindings;
}

/** Reads the socket peer from @hono/node-server's bindings (absent under app.request() in tests). */
export function createHonoClientIpResolver(options: { trustProxy: boolean; clientIpHeader: string; proxyHops: number }): (c: Context) => string {
  return (c) => {
    const bindings = (c.env ?? {}) as NodeBindings;
    const socketAddress = (bindings.server ?? bindings).incoming?.socket?.remoteAddress;
    return resolveClientIp({
      socketAddress,
      headers: c.req.raw.headers,
      trustProxy: options.trustProxy,
      clientIpHeader: options.clientIpHeader,
      proxyHops: options.proxyHops,
    });
  };
}
