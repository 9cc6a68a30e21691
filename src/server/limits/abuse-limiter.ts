/**
 * Per-client abuse control keyed by the hashed IP: a sliding-window message rate and a cap on
 * concurrent streams. State lives in this process only, which is right for one `wildchat serve`;
 * several instances behind a load balancer would need the counters in the shared store instead.
 */
import { SlidingWindow } from './sliding-window.ts';

export type LimitDecision = { allowed: true } | { allowed: false; reason: 'rate_limited' | 'too_many_streams'; retryAfterSeconds: number };

/** A stream slot frees when a reply ends; a few seconds is an honest guess for a retry. */
const STREAM_RETRY_AFTER_SECONDS = 5;

export class AbuseLimiter {
  private readonly messages: SlidingWindow;
  private readonly streams = new Map<string, number>();

  constructor(
    private readonly limits: () => { perMinute: number; maxConcurrentStreams: number },
    clock: () => number,
  ) {
    this.messages = new SlidingWindow(() => limits().perMinute, clock);
  }

  /**
   * Checks both limits and, when allowed, records the message and takes a stream slot. The caller
   * must call releaseStream(key) exactly once afterwards.
   */
  admit(key: string): LimitDecision {
    const rate = this.messages.check(key);
    if (!rate.allowed) return { allowed: false, reason: 'rate_limited', retryAfterSeconds: rate.retryAfterSeconds };
    const active = this.streams.get(key) ?? 0;
    if (active >= this.limits().maxConcurrentStreams) {
      return { allowed: false, reason: 'too_many_streams', retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS };
    }
    this.messages.record(key);
    this.streams.set(key, active + 1);
    return { allowed: true };
  }

  releaseStream(key: string): void {
    const active = (this.streams.get(key) ?? 0) - 1;
    if (active <= 0) this.streams.delete(key);
    else this.streams.set(key, active);
  }
}
