/**
 * The global cap on concurrent upstream calls: a counting semaphore with a bounded FIFO queue and
 * a bounded wait. Whatever the number of clients or addresses, no more than `maxActive` calls
 * reach the upstream at once; a message that cannot get a slot in time is refused (503), never
 * forwarded later behind the user's back.
 */
export interface GateLimits {
  maxActive: number;
  maxWaiting: number;
  timeoutMs: number;
}

export type GateRefusal = 'upstream_queue_full' | 'upstream_queue_timeout';

export class GateRefusedError extends Error {
  constructor(readonly reason: GateRefusal) {
    super(reason);
    this.name = 'GateRefusedError';
  }
}

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout;
}

export class UpstreamGate {
  private activeCount = 0;
  private readonly waiters: Waiter[] = [];
  /** Highest number of calls that ever held a slot at once (for tests and metrics). */
  peakActive = 0;

  constructor(private readonly limits: () => GateLimits) {}

  get active(): number {
    return this.activeCount;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function (call it exactly once); rejects with GateRefusedError. */
  acquire(): Promise<() => void> {
    const { maxActive, maxWaiting, timeoutMs } = this.limits();
    if (this.activeCount < maxActive && this.waiters.length === 0) return Promise.resolve(this.take());
    if (this.waiters.length >= maxWaiting || timeoutMs === 0) return Promise.reject(new GateRefusedError('upstream_queue_full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.take());
        },
        timer: setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index !== -1) this.waiters.splice(index, 1);
          reject(new GateRefusedError('upstream_queue_timeout'));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private take(): () => void {
    this.activeCount += 1;
    this.peakActive = Math.max(this.peakActive, this.activeCount);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activeCount -= 1;
      this.grantNext();
    };
  }

  private grantNext(): void {
    while (this.activeCount < this.limits().maxActive) {
      const next = this.waiters.shift();
      if (next === undefined) return;
      next.grant();
    }
  }
}
