/**
 * What an admitted message holds until its turn ends: one stream slot of the per-client limiter
 * and the upstream lease of the cost controls (global slot and budget reservation). Every path
 * that ends a turn, or gives up before it starts, ends the hold; this is the one place that frees
 * what it holds, and it frees it once however many paths meet.
 */
import type { Usage } from '../../schema/raw-records.ts';
import type { UpstreamLease } from './cost-controls.ts';
import type { MessageLimiter } from './shared-abuse-limiter.ts';

export class TurnHold {
  #lease: UpstreamLease | null = null;
  #ended = false;

  constructor(
    private readonly limiter: Pick<MessageLimiter, 'releaseStream'>,
    private readonly limiterKey: string,
  ) {}

  /** The lease granted after the stream slot; ended together with it. */
  holdLease(lease: UpstreamLease): UpstreamLease {
    this.#lease = lease;
    return lease;
  }

  /** Frees the slot and settles the lease with what the reply used (nothing when it never ran). Later calls do nothing. */
  end(usage: Usage | null = null, completionText = ''): void {
    if (this.#ended) return;
    this.#ended = true;
    this.limiter.releaseStream(this.limiterKey);
    this.#lease?.end(usage, completionText);
  }

  /** Runs `work`; when it fails the hold ends before the failure goes on, so nothing stays taken. */
  async endOnFailure<T>(work: () => Promise<T> | T): Promise<T> {
    try {
      return await work();
    } catch (caught) {
      this.end();
      throw caught;
    }
  }
}
