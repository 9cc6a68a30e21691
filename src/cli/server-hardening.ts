/**
 * Node HTTP server limits and start-up warnings for a server put on the internet: request and
 * header timeouts (a trickled body is cut, not held for minutes), a connection cap, the separate
 * metrics listener, and a warning when the client-IP header is believed from any peer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { isLoopbackHost } from '../server/routes/operations-routes.ts';
import type { ServeConfig } from '../settings/serve-settings.ts';
import { resolveProtection } from '../server/limits/protection.ts';

/** Node server options: timeouts are checked every second, so a trickled request is cut on time. */
export function hardenedServerOptions(config: ServeConfig): http.ServerOptions {
  const protection = resolveProtection(config);
  return {
    headersTimeout: protection.headersTimeoutMs,
    // requestTimeout bounds receiving the request only; a reply may stream for as long as it needs.
    requestTimeout: Math.max(protection.headersTimeoutMs, protection.requestTimeoutMs),
    connectionsCheckingInterval: 1000,
  };
}

/** Settings a created server takes after the fact. */
export function hardenServer(server: ServerType, config: ServeConfig): void {
  if (server instanceof http.Server) server.maxConnections = resolveProtection(config).maxConnections;
}

export function warnAboutExposure(config: ServeConfig, logger: Logger): void {
  const trustedProxies = config.trustedProxies ?? [];
  if (config.trustProxy && trustedProxies.length === 0) {
    logger.warn(
      { clientIpHeader: config.clientIpHeader },
      'the client IP header is trusted from every peer: anyone who reaches this port directly can forge their IP (and so bypass per-IP limits); set --trusted-proxies to your proxy addresses',
    );
  }
  const metricsToken = config.metricsToken ?? null;
  if (metricsToken === null && config.metricsPort == null && !isLoopbackHost(config.host)) {
    logger.warn('/metrics is off on a non-loopback address; set --metrics-token or --metrics-port to read it');
  }
}

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/** /metrics alone on 127.0.0.1:port (for a local Prometheus agent). */
export function startMetricsListener(port: number, render: () => string, logger: Logger): Promise<MetricsListener> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/metrics') {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(render());
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"not_found","message":"No such endpoint."}}');
    });
    server.headersTimeout = 5000;
    server.requestTimeout = 10_000;
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      const bound = (server.address() as AddressInfo).port;
      logger.info({ metricsPort: bound }, 'metrics listening on 127.0.0.1 only');
      resolve({
        port: bound,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
