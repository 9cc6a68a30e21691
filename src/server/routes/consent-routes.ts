/** Terms, consent and client configuration: the only /api routes that need no token. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../responses/api-error.ts';
import { createConsentToken, hashConsentToken } from '../requests/consent-token.ts';
import { readJsonBody } from '../requests/read-json-body.ts';
import { describeSender } from '../requests/request-context.ts';
import type { AppEnv, ServicesFor } from '../app/server-services.ts';

const consentBodySchema = z
  .object({
    accepted: z.literal(true),
    termsVersion: z.string().min(1).max(200),
  })
  .strict();

export type ConsentRouteServices = ServicesFor<
  'clock' | 'consentLimiter' | 'costs' | 'metrics',
  'config' | 'models' | 'store' | 'terms' | 'resolveClientIp' | 'ipHasher' | 'geo'
>;

export function consentRoutes(services: ConsentRouteServices): Hono<AppEnv> {
  const { deps } = services;
  const routes = new Hono<AppEnv>();

  routes.get('/api/terms', (c) => c.json({ version: deps.terms.version, text: deps.terms.text }));

  routes.post('/api/consent', async (c) => {
    const body = await readJsonBody(c, consentBodySchema, deps.config.maxBodyBytes);
    if (body.termsVersion !== deps.terms.version) {
      throw new ApiError(409, 'terms_outdated', 'The terms have changed; please read and accept the current version.');
    }
    const { request: context, limiterKey, networkKey } = describeSender(c, deps);
    await services.costs.takeNetwork(networkKey);
    await services.costs.assertDiskRoom();
    const decision = await services.consentLimiter.take(limiterKey);
    if (!decision.allowed) {
      services.metrics.refusals.inc({ reason: 'consent_rate_limited' });
      throw new ApiError(429, 'rate_limited', 'Too many consents from this connection; please wait a moment.', {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    const token = createConsentToken();
    const consent = await deps.store.createConsent({
      tokenHash: hashConsentToken(token),
      termsVersion: deps.terms.version,
      consentedAt: services.clock(),
      context,
    });
    return c.json({ token, termsVersion: consent.termsVersion, consentedAt: new Date(consent.consentedAt).toISOString() }, 201);
  });

  routes.get('/api/config', (c) =>
    c.json({
      models: deps.models.map((id) => ({ id })),
      defaultModel: deps.models[0] ?? null,
      disabledMessage: deps.config.disabledMessage || services.costs.budgetMessage(),
      limits: { maxMessageChars: deps.config.maxMessageChars, maxTurns: deps.config.maxTurns },
      termsVersion: deps.terms.version,
    }),
  );

  return routes;
}
