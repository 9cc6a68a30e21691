/**
 * What route modules share: the deps plus the per-app state built from them (metrics, limiter,
 * the registry of running turns). One instance per createApp call.
 */
import type { ConsentRecord } from '../../schema/raw-records.ts';
import type { ProtectionConfig } from '../../settings/protection-settings.ts';
import type { AppDeps } from './app-deps.ts';
import type { CostControls } from '../limits/cost-controls.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { ConsentLimiter, MessageLimiter } from '../limits/shared-abuse-limiter.ts';
import type { SlidingWindow } from '../limits/sliding-window.ts';
import type { TurnRunner } from '../turns/turn-runner.ts';

export interface ServerServices {
  deps: AppDeps;
  clock: () => number;
  metrics: ServerMetrics;
  limiter: MessageLimiter;
  /** Consents per hashed IP per minute (same number as the message rate), so tokens cannot be minted in bulk. */
  consentLimiter: ConsentLimiter;
  turns: TurnRunner;
  /** The protection settings as they are now (table defaults under the caller's values). */
  protection: () => ProtectionConfig;
  costs: CostControls;
  /** Writes (create, rename, delete, forget) per consent per minute. */
  writeLimiter: SlidingWindow;
}

/**
 * What one route module or helper uses: the named parts of the per-app state and of the deps.
 * Each module declares its own, so that what it can reach is what it says it needs.
 */
export type ServicesFor<State extends Exclude<keyof ServerServices, 'deps'>, Deps extends keyof AppDeps = never> = Pick<ServerServices, State> & {
  deps: Pick<AppDeps, Deps>;
};

/** Hono environment of every route: the auth middleware puts the caller's consent here. */
export interface AppEnv {
  Variables: {
    consent: ConsentRecord;
  };
}
