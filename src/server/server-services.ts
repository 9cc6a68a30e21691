/**
 * What route modules share: the deps plus the per-app state built from them (metrics, limiter,
 * the registry of running turns). One instance per createApp call.
 */
import type { ConsentRecord } from '../schema/raw-records.ts';
import type { AppDeps } from './create-app.ts';
import type { ServerMetrics } from './metrics.ts';
import type { ConsentLimiter, MessageLimiter } from './shared-abuse-limiter.ts';
import type { TurnRunner } from './turn-runner.ts';

export interface ServerServices {
  deps: AppDeps;
  clock: () => number;
  metrics: ServerMetrics;
  limiter: MessageLimiter;
  /** Consents per hashed IP per minute (same number as the message rate), so tokens cannot be minted in bulk. */
  consentLimiter: ConsentLimiter;
  turns: TurnRunner;
}

/** Hono environment of every route: the auth middleware puts the caller's consent here. */
export interface AppEnv {
  Variables: {
    consent: ConsentRecord;
  };
}
