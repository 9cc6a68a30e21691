/**
 * Operator endpoints, behind `Authorization: Bearer <adminToken>` (the `adminToken` setting; when
 * unset the endpoints do not exist). `PUT /admin/kill-switch {"message": "..."}` turns new messages
 * away with that banner on every instance sharing the store; `{"message": null}` lifts it.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../responses/api-error.ts';
import { readJsonBody } from '../requests/read-json-body.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';

const killSwitchBody = z.object({ message: z.string().trim().min(1).max(2_000).nullable() }).strict();

function sameToken(given: string, expected: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and no length leak.
  const left = createHash('sha256').update(given).digest();
  const right = createHash('sha256').update(expected).digest();
  return timingSafeEqual(left, right);
}

export type AdminRouteServices = ServicesFor<'clock', 'config' | 'killSwitch' | 'logger'>;

export function adminRoutes(services: AdminRouteServices): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('/admin/*', async (c, next) => {
    const expected = services.deps.config.adminToken;
    if (expected === null || expected === '') throw new ApiError(404, 'not_found', 'No such endpoint.');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (match?.[1] === undefined || !sameToken(match[1], expected)) throw new ApiError(401, 'unauthorized', 'A valid operator token is required.');
    await next();
  });
  routes.get('/admin/kill-switch', (c) => c.json({ message: services.deps.config.disabledMessage }));
  routes.put('/admin/kill-switch', async (c) => {
    const { message } = await readJsonBody(c, killSwitchBody, services.deps.config.maxBodyBytes);
    const set = services.deps.killSwitch?.set ?? (async (value: string | null) => void (services.deps.config.disabledMessage = value));
    await set(message, services.clock());
    services.deps.logger.warn({ killSwitch: message === null ? 'off' : 'on' }, 'kill switch changed by an operator');
    return c.json({ message });
  });
  return routes;
}
