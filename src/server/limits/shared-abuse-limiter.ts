/**
 * The abuse limits when several serve instances share one store: the message rate and the consent
 * rate per hashed IP are counted in the store's shared state (one window per IP across every
 * instance, the same limit a single process enforces); concurrent streams stay per instance, since
 * a stream lives in the process that serves it. Before a shared count is taken, the local stream
 * cap is checked, so a refused message is never counted (as in AbuseLimiter).
 */
import type { SharedServerState } from '../../store/shared-server-state.ts';
import type { LimitDecision } from './abuse-limiter.ts';
import type { WindowDecision } from './sliding-window.ts';

const WINDOW_MS = 60_000;
const STREAM_RETRY_AFTER_SECONDS = 5;

/** What the routes need from a message limiter: AbuseLimiter (one process) or SharedAbuseLimiter. */
export interface MessageLimiter {
  admit(key: string): LimitDecision | Promise<LimitDecision>;
  releaseStream(key: string): void;
}

export interface ConsentLimiter {
  take(key: string): WindowDecision | Promise<WindowDecision>;
}

export class SharedAbuseLimiter implements MessageLimiter {
  private readonly streams = new Map<string, number>();

  constructor(
    private readonly shared: SharedServerState,
    private readonly limits: () => { perMinute: number; maxConcurrentStreams: number },
    private readonly clock: () => number,
  ) {}

  async admit(key: string): Promise<LimitDecision> {
    const { perMinute, maxConcurrentStreams } = this.limits();
    if ((this.streams.get(key) ?? 0) >= maxConcurrentStreams) {
      return { allowed: false, reason: 'too_many_streams', retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS };
    }
    // Reserved before the await, so two requests of one IP in this process cannot both pass the stream cap.
    this.streams.set(key, (this.streams.get(key) ?? 0) + 1);
    let rate: WindowDecision;
    try {
      rate = await this.shared.takeWindow('messages', key, perMinute, WINDOW_MS, this.clock());
    } catch (error) {
      this.releaseStream(key);
      throw error;
    }
    if (!rate.allowed) {
      this.releaseStream(key);
      return { allowed: false, reason: 'rate_limited', retryAfterSeconds: rate.retryAfterSeconds };
    }
    return { allowed: true };
  }

  releaseStream(key: string): void {
    const active = (this.streams.get(key) ?? 0) - 1;
    if (active <= 0) this.streams.delete(key);
    else this.streams.set(key, active);
  }
}

/** A per-minute limit counted in the shared state: one window per (bucket, key) across every instance. */
export class SharedWindowLimiter implements ConsentLimiter {
  constructor(
    private readonly shared: SharedServerState,
    private readonly bucket: 'consents' | 'networks',
    private readonly perMinute: () => number,
    private readonly clock: () => number,
  ) {}

  take(key: string): Promise<WindowDecision> {
    return this.shared.takeWindow(this.bucket, key, this.perMinute(), WINDOW_MS, this.clock());
  }
}
