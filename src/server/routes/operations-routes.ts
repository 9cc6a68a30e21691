/**
 * Liveness and Prometheus metrics. /metrics tells anyone who reads it how busy the service is and
 * how much it spends, so it answers only with --metrics-token, or on a loopback-bound server; with
 * --metrics-port it lives on its own 127.0.0.1 port and not here.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { ApiError } from '../responses/api-error.ts';
import { bearerToken } from '../requests/consent-token.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';

const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type OperationsRouteServices = ServicesFor<'metrics' | 'protection', 'config'>;

export function operationsRoutes(services: OperationsRouteServices): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/metrics', (c) => {
    const { metricsToken, metricsPort } = services.protection();
    if (metricsToken !== null && metricsToken !== '') {
      const given = bearerToken(c.req.header('authorization'));
      if (given === null || !sameSecret(given, metricsToken)) throw new ApiError(401, 'unauthorized', 'The metrics need the operator token (--metrics-token).');
    } else if (metricsPort !== null || !isLoopbackHost(services.deps.config.host)) {
      throw new ApiError(404, 'not_found', 'No such endpoint.');
    }
    return c.body(services.metrics.render(), 200, { 'content-type': METRICS_CONTENT_TYPE });
  });
  return routes;
}
