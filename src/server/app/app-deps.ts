/**
 * What the collection server is built from (AppDeps) and what createApp hands back (App). Types
 * only: every part of the server may import them without importing the app that wires the parts.
 */
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { Hono } from 'hono';
import type { LlmClient } from '../../llm/llm-client.ts';
import type { GeoLocator, IpHasher } from '../../privacy/privacy.ts';
import type { ServeConfig } from '../../settings/serve-settings.ts';
import type { Store } from '../../store/store.ts';
import type { FreeSpaceReader } from '../limits/disk-guard.ts';
import type { Terms } from '../terms/terms.ts';

export interface AppDeps {
  store: Store;
  llm: LlmClient;
  ipHasher: IpHasher;
  geo: GeoLocator;
  /**
   * Read on every request, so a caller may change `disabledMessage` (the kill switch) at run time.
   * Uses: limits, flushIntervalMs, disabledMessage. Upstream timeouts and retries belong to the llm client.
   */
  config: ServeConfig;
  /** Models offered to users; the first is the default. Must not be empty. */
  models: string[];
  terms: Terms;
  logger: Logger;
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number;
  /** The client IP for this request (raw; it is hashed and located, never stored or logged). */
  resolveClientIp: (c: Context) => string;
  /** Free bytes of the data folder's file system; defaults to statfs (tests fill the disk with this). */
  freeSpace?: FreeSpaceReader;
  /**
   * Deletes what was derived from these texts (the annotation cache) before they are deleted;
   * called by DELETE /api/me and DELETE /api/conversations/:id.
   */
  eraseDerived?: (texts: readonly string[]) => Promise<void>;
  /**
   * Sets the kill switch for every instance sharing the store (admin endpoint). Default: this
   * process only (it sets `config.disabledMessage`).
   */
  killSwitch?: KillSwitch;
}

export interface KillSwitch {
  /** A banner turns new messages away with 503; null accepts them again. */
  set(message: string | null, at: number): Promise<void>;
}

export interface App {
  app: Hono;
  /** Aborts in-flight upstream calls and records their turns as interrupted; resolves once all are written. */
  shutdown(): Promise<void>;
  /** The Prometheus text, for a separate metrics listener (--metrics-port). */
  renderMetrics(): string;
}
