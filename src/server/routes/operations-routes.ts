/** Liveness and Prometheus metrics (no token; put them behind your proxy's access rules if needed). */
import { Hono } from 'hono';
import type { AppEnv, ServerServices } from '../server-services.ts';

export function operationsRoutes(services: ServerServices): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/metrics', (c) => c.body(services.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }));
  return routes;
}
