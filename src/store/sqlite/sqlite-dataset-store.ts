/** DatasetStore over a better-sqlite3 handle (the same one the SqliteStore uses). */
import type { Database, Statement } from 'better-sqlite3';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type {
  DatasetInfo,
  DatasetRecordInput,
  DatasetUsage,
  DatasetStore,
  InsertRecordsResult,
  IterateRecordsOptions,
  SerializedDatasetRecord,
} from '../dataset-store.ts';

interface DatasetRow {
  id: number;
  name: string;
  created_at: number;
  license: string | null;
  records: number;
}

const DEFAULT_BATCH_SIZE = 1000;
/** Row keys are stored as the first 16 bytes of their hex SHA-256 (collision odds ~2^-64 per pair). */
const ROW_KEY_BYTES = 16;

function rowKeyBytes(rowKey: string): Buffer {
  const bytes = /^[0-9a-f]{32,}$/.test(rowKey) ? Buffer.from(rowKey.slice(0, ROW_KEY_BYTES * 2), 'hex') : Buffer.from(rowKey, 'utf8');
  return bytes;
}

function toInfo(row: DatasetRow): DatasetInfo {
  return { id: row.id, name: row.name, createdAt: row.created_at, records: row.records, license: row.license };
}

export class SqliteDatasetStore implements DatasetStore {
  private readonly database: Database;
  private readonly insertRecord: Statement<[number, Buffer, string, string | null, string | null, string | null, number, string]>;
  private readonly selectDataset: Statement<[string], DatasetRow>;

  constructor(database: Database) {
    this.database = database;
    this.insertRecord = database.prepare(
      `INSERT INTO dataset_records (dataset_id, row_key, conversation_hash, model, language, timestamp, turn, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dataset_id, row_key) DO NOTHING`,
    );
    this.selectDataset = database.prepare(
      `SELECT d.id, d.name, d.created_at, d.license, (SELECT count(*) FROM dataset_records r WHERE r.dataset_id = d.id) AS records
       FROM datasets d WHERE d.name = ?`,
    );
  }

  async createOrGetDataset(name: string, at: number): Promise<DatasetInfo> {
    this.database.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, at);
    const row = this.selectDataset.get(name);
    if (row === undefined) throw new Error('dataset row missing right after insert');
    return toInfo(row);
  }

  async setDatasetLicense(name: string, license: string): Promise<void> {
    this.database.prepare('UPDATE datasets SET license = ? WHERE name = ?').run(license, name);
  }

  async getDataset(name: string): Promise<DatasetInfo | null> {
    const row = this.selectDataset.get(name);
    return row === undefined ? null : toInfo(row);
  }

  async listDatasets(): Promise<DatasetInfo[]> {
    const rows = this.database
      .prepare<[], DatasetRow>(
        `SELECT d.id, d.name, d.created_at, d.license, (SELECT count(*) FROM dataset_records r WHERE r.dataset_id = d.id) AS records
         FROM datasets d ORDER BY d.name`,
      )
      .all();
    return rows.map(toInfo);
  }

  async insertRecords(datasetId: number, records: readonly DatasetRecordInput[]): Promise<InsertRecordsResult> {
    const insertAll = this.database.transaction((items: readonly DatasetRecordInput[]) => {
      let inserted = 0;
      for (const { rowKey, record, recordJson } of items) {
        const result = this.insertRecord.run(
          datasetId,
          rowKeyBytes(rowKey),
          record.conversation_hash,
          record.model,
          record.language,
          record.timestamp,
          record.turn,
          recordJson ?? JSON.stringify(record),
        );
        inserted += result.changes;
      }
      return inserted;
    });
    const inserted = insertAll(records);
    return { inserted, duplicates: records.length - inserted };
  }

  async insertSerializedRecords(datasetId: number, records: readonly SerializedDatasetRecord[]): Promise<InsertRecordsResult> {
    const insertAll = this.database.transaction((items: readonly SerializedDatasetRecord[]) => {
      let inserted = 0;
      for (const item of items) {
        const result = this.insertRecord.run(
          datasetId,
          rowKeyBytes(item.rowKey),
          item.conversationHash,
          item.model,
          item.language,
          item.timestamp,
          item.turn,
          item.recordJson,
        );
        inserted += result.changes;
      }
      return inserted;
    });
    const inserted = insertAll(records);
    return { inserted, duplicates: records.length - inserted };
  }

  async *iterateRecords(datasetId: number, options: IterateRecordsOptions = {}): AsyncIterable<ReleaseRecord[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    // Keyset pagination: no read transaction stays open between batches.
    const page = this.database.prepare<[number, number, number], { id: number; record: string }>(
      'SELECT id, record FROM dataset_records WHERE dataset_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
    let after = 0;
    for (;;) {
      const rows = page.all(datasetId, after, batchSize);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.id ?? after;
      yield rows.map((row) => JSON.parse(row.record) as ReleaseRecord);
      if (rows.length < batchSize) return;
    }
  }

  async countRecords(datasetId: number): Promise<number> {
    return this.database.prepare<[number], number>('SELECT count(*) FROM dataset_records WHERE dataset_id = ?').pluck().get(datasetId) ?? 0;
  }

  async deleteDataset(name: string): Promise<boolean> {
    const remove = this.database.transaction(() => {
      const row = this.selectDataset.get(name);
      if (row === undefined) return false;
      this.database.prepare('DELETE FROM dataset_records WHERE dataset_id = ?').run(row.id);
      this.database.prepare('DELETE FROM datasets WHERE id = ?').run(row.id);
      return true;
    });
    return remove();
  }

  async datasetUsage(datasetId: number): Promise<DatasetUsage> {
    const bytes = this.database
      .prepare('SELECT coalesce(sum(length(CAST(record AS BLOB))), 0) FROM dataset_records WHERE dataset_id = ?')
      .pluck()
      .get(datasetId) as number;
    const sources = this.database
      .prepare("SELECT DISTINCT json_extract(record, '$.source') FROM dataset_records WHERE dataset_id = ? AND json_extract(record, '$.source') IS NOT NULL")
      .pluck()
      .all(datasetId) as string[];
    return { bytes: Number(bytes), sources: sources.map(String).sort() };
  }

  async datasetSnapshot(name: string): Promise<number[]> {
    const row = this.database
      .prepare('SELECT count(r.id), coalesce(max(r.id), 0) FROM datasets d LEFT JOIN dataset_records r ON r.dataset_id = d.id WHERE d.name = ?')
      .raw()
      .get(name) as number[] | undefined;
    return (row ?? [0, 0]).map(Number);
  }
}
