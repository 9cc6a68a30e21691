/**
 * Per-stage work counters of one run: how many messages each stage saw, how many distinct texts
 * it computed versus found in the cache, and the time spent. Kept out of the manifest (they differ
 * between a first run and a cached re-run while the outputs are identical).
 */
export interface StageCounters {
  stage: string;
  version: string;
  /** Messages annotated (repeated texts counted each time). */
  messages: number;
  /** Distinct texts computed by the stage. */
  computed: number;
  /** Distinct texts found in the cache. */
  cached: number;
  milliseconds: number;
  /** True for a stage that is configured off (Detoxify without --detoxify-url): its figures mean nothing. */
  off?: boolean;
}

export class StageStatistics {
  private readonly counters = new Map<string, StageCounters>();

  entry(stage: string, version: string): StageCounters {
    let counters = this.counters.get(stage);
    if (counters === undefined) {
      counters = { stage, version, messages: 0, computed: 0, cached: 0, milliseconds: 0 };
      this.counters.set(stage, counters);
    }
    return counters;
  }

  /** Adds time spent outside `runCachedStage` (e.g. dedup, assembly). */
  addTime(stage: string, version: string, milliseconds: number, messages = 0): void {
    const counters = this.entry(stage, version);
    counters.milliseconds += milliseconds;
    counters.messages += messages;
  }

  list(): StageCounters[] {
    return [...this.counters.values()];
  }
}
