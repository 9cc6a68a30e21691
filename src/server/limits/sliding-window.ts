/**
 * A per-key sliding-window rate limit over the last 60 seconds. Keeps at most `limit` timestamps per
 * key, drops idle keys on a schedule, and holds at most `maxKeys` keys: a flood of new clients (an
 * IPv6 host can use a new address per request) evicts the least recently active key instead of
 * growing without bound. In-process state: right for one server; several instances would need the
 * counts in the shared store.
 */

const WINDOW_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;
/** About 10 MB of timestamps at the default limit; far more clients than one server sees in a minute. */
export const DEFAULT_MAX_KEYS = 100_000;

export type WindowDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindow {
  private readonly times = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    private readonly limit: () => number,
    private readonly clock: () => number,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {
    this.lastSweep = clock();
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.times.size;
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
    if (times === undefined) {
      // Map order is insertion order, so the first key is the one recorded least recently.
      if (this.times.size >= this.maxKeys) {
        const oldest = this.times.keys().next();
        if (oldest.done !== true) this.times.delete(oldest.value);
      }
      this.times.set(key, [this.clock()]);
      return;
    }
    times.push(this.clock());
    // Move the key to the end, so eviction takes the least recently active client.
    this.times.delete(key);
    this.times.set(key, times);
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
