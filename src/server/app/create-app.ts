/**
 * The collection server as a Hono app: wires deps, per-app state, middleware and route modules.
 * Everything it needs arrives in `deps`; there are no module singletons, so tests and the CLI can
 * build as many independent apps as they like.
 */
import { Hono } from 'hono';
import { AbuseLimiter } from '../limits/abuse-limiter.ts';
import { ApiError, errorHeaders, nativeErrorBody, openAiErrorBody } from '../responses/api-error.ts';
import type { App, AppDeps } from './app-deps.ts';
import { budgetLimitsOf, CostControls } from '../limits/cost-controls.ts';
import { resolveProtection } from '../limits/protection.ts';
import { ServerMetrics } from '../observability/metrics.ts';
import { crossSiteGuard } from '../middleware/cross-site-guard.ts';
import { SlidingWindow } from '../limits/sliding-window.ts';
import { SharedAbuseLimiter, SharedWindowLimiter, type ConsentLimiter, type MessageLimiter } from '../limits/shared-abuse-limiter.ts';
import { requestLog } from '../middleware/request-log.ts';
import { securityHeaders } from '../middleware/security-headers.ts';
import { adminRoutes } from '../routes/admin-routes.ts';
import { consentRoutes } from '../routes/consent-routes.ts';
import { conversationRoutes } from '../routes/conversation-routes.ts';
import { meRoutes } from '../routes/me-routes.ts';
import { messageRoutes } from '../routes/message-routes.ts';
import { openAiRoutes } from '../routes/openai-routes.ts';
import { operationsRoutes } from '../routes/operations-routes.ts';
import type { AppEnv, ServerServices } from './server-services.ts';
import { TurnRunner } from '../turns/turn-runner.ts';
import { isStoreUnavailable } from '../../store/store-unavailable-error.ts';
import { SharedTokenBudget } from '../limits/shared-token-budget.ts';
import { TokenBudget } from '../limits/token-budget.ts';

export type { App, AppDeps, KillSwitch } from './app-deps.ts';

export function createApp(deps: AppDeps): App {
  if (deps.models.length === 0) throw new Error('createApp needs at least one model to offer');
  const clock = deps.clock ?? Date.now;
  const metrics = new ServerMetrics();
  const limits = () => ({ perMinute: deps.config.rateLimitPerMinute, maxConcurrentStreams: deps.config.maxConcurrentStreams });
  // A store shared by several instances keeps the per-IP counts, so the limits hold across all of them.
  const shared = deps.store.sharedState;
  const limiter: MessageLimiter = shared === undefined ? new AbuseLimiter(limits, clock) : new SharedAbuseLimiter(shared, limits, clock);
  const logger = deps.logger;
  const turns = new TurnRunner({ deps, clock, metrics, logger });
  const consentLimiter: ConsentLimiter =
    shared === undefined
      ? new SlidingWindow(() => deps.config.rateLimitPerMinute, clock)
      : new SharedWindowLimiter(shared, 'consents', () => deps.config.rateLimitPerMinute, clock);
  const protection = () => resolveProtection(deps.config);
  const budgetLimits = () => budgetLimitsOf(protection());
  const networkLimit = () => protection().networkRateLimitPerMinute;
  const costs = new CostControls(protection, metrics, clock, {
    // Shared by every instance on the store, so N instances keep to one budget and one per-network rate.
    budget:
      shared === undefined
        ? new TokenBudget(budgetLimits, clock)
        : new SharedTokenBudget(shared, budgetLimits, clock, (operation, caught) => {
            metrics.storeErrors.inc({ operation: `token_budget_${operation}` });
            logger.warn({ operation, errorName: caught instanceof Error ? caught.name : typeof caught }, 'token budget write failed');
          }),
    networks: shared === undefined ? new SlidingWindow(networkLimit, clock) : new SharedWindowLimiter(shared, 'networks', networkLimit, clock),
    dataDir: () => deps.config.dataDir,
    ...(deps.freeSpace === undefined ? {} : { freeSpace: deps.freeSpace }),
  });
  const writeLimiter = new SlidingWindow(() => protection().writeRateLimitPerMinute, clock);
  const services: ServerServices = { deps, clock, metrics, limiter, consentLimiter, turns, protection, costs, writeLimiter };

  const app = new Hono<AppEnv>();
  app.use('*', requestLog(services));
  app.use('*', securityHeaders());
  app.use('*', crossSiteGuard(services));
  app.route('/', operationsRoutes(services));
  app.route('/', adminRoutes(services));
  app.route('/', consentRoutes(services));
  app.route('/', meRoutes(services));
  app.route('/', messageRoutes(services));
  app.route('/', conversationRoutes(services));
  app.route('/', openAiRoutes(services));

  app.notFound((c) => {
    const error = new ApiError(404, 'not_found', 'No such endpoint.');
    return c.json(c.req.path.startsWith('/v1/') ? openAiErrorBody(error) : nativeErrorBody(error), 404);
  });

  app.onError((caught, c) => {
    const error =
      caught instanceof ApiError
        ? caught
        : isStoreUnavailable(caught)
          ? new ApiError(503, 'store_unavailable', 'The service is briefly unavailable. Please try again in a moment.', {
              retryAfterSeconds: caught.retryAfterSeconds,
            })
          : new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again.');
    if (isStoreUnavailable(caught)) {
      services.metrics.storeErrors.inc({ operation: 'unavailable' });
    } else if (!(caught instanceof ApiError)) {
      // The name and stack frames say where; messages can quote input, so they stay out of the log.
      // Only "at ..." lines are frames: a multi-line message fills the stack's first lines.
      const frames = caught.stack
        ?.split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .slice(0, 5);
      logger.error({ errorName: caught.name, stack: frames?.join('\n') }, 'unhandled error in request');
    }
    const body = c.req.path.startsWith('/v1/') ? openAiErrorBody(error) : nativeErrorBody(error);
    return c.json(body, error.status as 400, errorHeaders(error));
  });

  return {
    app: app as unknown as Hono,
    shutdown: () => turns.shutdown(),
    renderMetrics: () => metrics.render(),
  };
}
