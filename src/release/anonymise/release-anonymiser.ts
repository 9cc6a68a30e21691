/**
 * The anonymised profile as two hooks around the pipeline: the first pass's rows are counted for
 * location k-anonymity (only rows the release filters let in), and every record is rewritten on its
 * way to the writer. Pass 2 starts only after pass 1 has read every row, so the counts are complete
 * before the first record is written.
 */
import type { PipelineRow } from '../../pipeline/runner/pipeline-row.ts';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { anonymiseRecord, userAgentFamily, type AnonymiseContext } from './anonymise-record.ts';
import { LocationGeneraliser, type LocatedUser } from './location-generaliser.ts';
import { ReleaseKeys } from './release-keys.ts';
import type { AnonymisationConfig } from './release-profile.ts';

export class ReleaseAnonymiser {
  private readonly context: AnonymiseContext;
  private counted = false;

  constructor(
    readonly config: AnonymisationConfig,
    secret: Uint8Array,
    /** True for rows the release filters let in (as far as they are known before annotation). */
    private readonly entersRelease: (row: PipelineRow) => boolean,
  ) {
    this.context = { keys: new ReleaseKeys(secret), location: new LocationGeneraliser(config.kAnonymity), timestampPrecision: config.timestampPrecision };
  }

  /** Wraps the row source; the first pass is counted, later passes go through untouched. */
  wrapRows(rows: () => AsyncIterable<readonly PipelineRow[]>): () => AsyncIterable<readonly PipelineRow[]> {
    return () => {
      if (this.counted) return rows();
      this.counted = true;
      return this.count(rows());
    };
  }

  private async *count(batches: AsyncIterable<readonly PipelineRow[]>): AsyncGenerator<readonly PipelineRow[]> {
    for await (const batch of batches) {
      for (const row of batch) {
        if (row.record.source !== 'collected' || !this.entersRelease(row)) continue;
        for (const message of row.record.conversation) {
          if (message.role !== 'user' || message.hashed_ip === null) continue;
          this.context.location.add({ user: message.hashed_ip, country: message.country, state: message.state, family: userAgentFamily(message.header) });
        }
      }
      yield batch;
    }
  }

  /** Counts a user located by a shard of a sharded release (instead of wrapRows; counts are sets, so order does not matter). */
  addLocated(located: LocatedUser): void {
    this.context.location.add(located);
  }

  apply(records: readonly ReleaseRecord[]): ReleaseRecord[] {
    return records.map((record) => anonymiseRecord(record, this.context));
  }
}
