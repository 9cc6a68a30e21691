/**
 * The per-row work of an import, shared by the main thread and the import workers: JSON text ->
 * normalised release record -> its JSON and row key. Only this module decides what is stored.
 */
import { createHash } from 'node:crypto';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type { SerializedDatasetRecord } from '../../store/dataset-store.ts';
import { RowError } from './row-error.ts';

/** Stable row key: SHA-256 of the normalised record, so the same row always dedups. */
export function recordRowKey(record: ReleaseRecord, recordJson = JSON.stringify(record)): string {
  return createHash('sha256').update(recordJson).digest('hex');
}

export interface SerializedRow extends SerializedDatasetRecord {
  record: ReleaseRecord;
}

/** Throws a RowError (content-free reason) when the row cannot be imported. */
export function serializeRow(value: unknown, normalize: (row: unknown) => ReleaseRecord): SerializedRow {
  const record = normalize(value);
  if (record.conversation.length === 0) throw new RowError('conversation: no messages');
  const recordJson = JSON.stringify(record);
  return {
    rowKey: recordRowKey(record, recordJson),
    record,
    recordJson,
    conversationHash: record.conversation_hash,
    model: record.model,
    language: record.language,
    timestamp: record.timestamp,
    turn: record.turn,
  };
}
