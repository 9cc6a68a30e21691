/**
 * Where release rows come from: collected conversations (raw log) and imported datasets, read
 * from the store and handed to the pure release passes as a ReleaseSource.
 */
import { collectedConversationToRecords } from '../dataset/collected-to-release.ts';
import type { PipelineRow } from '../pipeline/runner/pipeline-row.ts';
import type { BranchSelection } from '../release/release-source.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { StoredConversation } from '../store/store.ts';

export type { BranchSelection, ReleaseSource } from '../release/release-source.ts';

/** Release rows of one stored conversation. Withdrawn ones are still returned, so filters can count them. */
export function collectedRows(stored: StoredConversation, branches: BranchSelection, tombstonedConversations: ReadonlySet<string>): PipelineRow[] {
  const withdrawnAt = stored.consent.withdrawnAt;
  // The converter emits nothing for a withdrawn consent; convert as if active so the withdrawal
  // filter (which runs before any stage reads the text) can count the rows it drops.
  const conversion = collectedConversationToRecords(withdrawnAt === null ? stored : { ...stored, consent: { ...stored.consent, withdrawnAt: null } });
  let lastActivityAt = stored.conversation.updatedAt;
  for (const turn of stored.turns) lastActivityAt = Math.max(lastActivityAt, turn.completedAt ?? turn.receivedAt);
  const facts = {
    consent: { termsVersion: stored.consent.termsVersion, withdrawnAt },
    tombstoned: tombstonedConversations.has(stored.conversation.id),
    createdAt: stored.conversation.createdAt,
    lastActivityAt,
  };
  return conversion.records
    .filter((record) => branches === 'all' || record.branch?.kept !== false)
    .map((record) => ({ key: `${stored.conversation.id}#${record.branch?.index ?? 0}`, record, facts }));
}

export async function* collectedRowBatches(
  batches: AsyncIterable<readonly StoredConversation[]>,
  branches: BranchSelection,
  tombstonedConversations: ReadonlySet<string>,
): AsyncGenerator<PipelineRow[]> {
  for await (const batch of batches) yield batch.flatMap((stored) => collectedRows(stored, branches, tombstonedConversations));
}

function recordTime(record: ReleaseRecord): number {
  const candidates = [record.timestamp, ...record.conversation.map((message) => message.timestamp)];
  for (const value of candidates) {
    if (value !== null) {
      const time = Date.parse(value);
      if (Number.isFinite(time)) return time;
    }
  }
  return 0;
}

/** Imported records as rows: keyed by their position in the dataset, no consent of ours. */
export async function* importedRowBatches(batches: AsyncIterable<readonly ReleaseRecord[]>): AsyncGenerator<PipelineRow[]> {
  let position = 0;
  for await (const batch of batches) {
    yield batch.map((record) => {
      const time = recordTime(record);
      return { key: `row-${position++}`, record, facts: { consent: null, tombstoned: false, createdAt: time, lastActivityAt: time } };
    });
  }
}
