/**
 * Imported datasets (WildChat, LMSYS, ShareGPT, OpenAI-format files brought in with
 * `wildchat import`): each is a named list of release records in import order. Records are
 * deduplicated per dataset by a stable row key, so importing the same file twice adds nothing.
 */
import type { ReleaseRecord } from '../schema/release-record.ts';

export interface DatasetInfo {
  id: number;
  name: string;
  createdAt: number;
  /** Number of records. */
  records: number;
  /** Licence id of the data as recorded at import (Hub spelling), or null when none was recorded. */
  license: string | null;
}

export interface DatasetUsage {
  bytes: number;
  /** Sorted distinct record sources (e.g. wildchat, sharegpt). */
  sources: string[];
}

export interface DatasetRecordInput {
  /** Unique within the dataset; a second record with the same key is a duplicate. */
  rowKey: string;
  record: ReleaseRecord;
  /** `JSON.stringify(record)` when the caller already has it (saves a second serialisation). */
  recordJson?: string;
}

/** A record already serialised (e.g. by an import worker thread): its JSON and its index columns. */
export interface SerializedDatasetRecord {
  rowKey: string;
  /** `JSON.stringify(record)`. */
  recordJson: string;
  conversationHash: string;
  model: string | null;
  language: string | null;
  timestamp: string | null;
  turn: number;
}

export interface InsertRecordsResult {
  inserted: number;
  duplicates: number;
}

export interface IterateRecordsOptions {
  batchSize?: number;
}

export interface DatasetStore {
  /** The dataset with this name, created (at `at`) when it does not exist. */
  createOrGetDataset(name: string, at: number): Promise<DatasetInfo>;
  getDataset(name: string): Promise<DatasetInfo | null>;
  /** Records the licence the dataset's data is under (the card of its exports and releases says it). */
  setDatasetLicense(name: string, license: string): Promise<void>;
  listDatasets(): Promise<DatasetInfo[]>;
  /** Inserts in order, skipping keys already present; one transaction per call. */
  insertRecords(datasetId: number, records: readonly DatasetRecordInput[]): Promise<InsertRecordsResult>;
  /**
   * Same as insertRecords for records serialised elsewhere (no record object needed). Optional:
   * callers fall back to insertRecords when a store does not have it.
   */
  insertSerializedRecords?(datasetId: number, records: readonly SerializedDatasetRecord[]): Promise<InsertRecordsResult>;
  /** Records in import order. */
  iterateRecords(datasetId: number, options?: IterateRecordsOptions): AsyncIterable<ReleaseRecord[]>;
  countRecords(datasetId: number): Promise<number>;
  /** Deletes the dataset and its records; false when there was none. */
  deleteDataset(name: string): Promise<boolean>;
  /** Stored size (bytes of record JSON) and the distinct `source` values of a dataset's records. */
  datasetUsage(datasetId: number): Promise<DatasetUsage>;
  /** A cheap fingerprint of the dataset's records (equal lists mean equal content); [0, 0] when there is none. */
  datasetSnapshot(name: string): Promise<number[]>;
}
