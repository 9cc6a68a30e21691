/**
 * A per-key sliding-window rate limit over the last 60 seconds. Keeps at most `limit` timestamps per
 * key and drops idle keys on a schedule, so memory follows active clients. In-process state: right
 * for one server; several instances would need the counts in the shared store.
 */

const WINDOW_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

export type WindowDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindow {
  private readonly times = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    private readonly limit: () => number,
    private readonly clock: () => number,
  ) {
    this.lastSweep = clock();
  }

  /** Whether one more event fits; does not record it. */
  check(key: string): WindowDecision {
    const now = this.clock();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const times = this.times.get(key);
    if (times === undefined) return this.limit() > 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: 60 };
    while (times.length > 0 && (times[0] ?? 0) <= now - WINDOW_MS) times.shift();
    if (times.length < this.limit()) return { allowed: true };
    const oldest = times[0] ?? now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
  }

  record(key: string): void {
    const times = this.times.get(key);
    if (times === undefined) this.times.set(key, [this.clock()]);
    else times.push(this.clock());
  }

  /** check + record. */
  take(key: string): WindowDecision {
    const decision = this.check(key);
    if (decision.allowed) this.record(key);
    return decision;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, times] of this.times) {
      const newest = times[times.length - 1];
      if (newest === undefined || newest <= now - WINDOW_MS) this.times.delete(key);
    }
  }
}
