/** DatasetStore on PostgreSQL (tables from migration '0100-datasets'); same row-key rule as SQLite. */
import type pg from 'pg';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type {
  DatasetInfo,
  DatasetRecordInput,
  DatasetStore,
  DatasetUsage,
  InsertRecordsResult,
  IterateRecordsOptions,
  SerializedDatasetRecord,
} from '../dataset-store.ts';
import { inTransaction } from './pg-pool.ts';

interface DatasetRow {
  id: number;
  name: string;
  created_at: number;
  license: string | null;
  records: number;
}

const DEFAULT_BATCH_SIZE = 1000;
/** Row keys are stored as the first 16 bytes of their hex SHA-256, as in the SQLite adapter. */
const ROW_KEY_BYTES = 16;
const INSERT_CHUNK = 2_000;

export function rowKeyBytes(rowKey: string): Buffer {
  return /^[0-9a-f]{32,}$/.test(rowKey) ? Buffer.from(rowKey.slice(0, ROW_KEY_BYTES * 2), 'hex') : Buffer.from(rowKey, 'utf8');
}

function toInfo(row: DatasetRow): DatasetInfo {
  return { id: row.id, name: row.name, createdAt: row.created_at, records: row.records, license: row.license };
}

const SELECT_DATASETS = `SELECT d.id, d.name, d.created_at, d.license, (SELECT count(*)::integer FROM dataset_records r WHERE r.dataset_id = d.id) AS records FROM datasets d`;

export class PgDatasetStore implements DatasetStore {
  constructor(private readonly pool: pg.Pool) {}

  async createOrGetDataset(name: string, at: number): Promise<DatasetInfo> {
    await this.pool.query('INSERT INTO datasets (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, at]);
    const info = await this.getDataset(name);
    if (info === null) throw new Error('dataset row missing right after insert');
    return info;
  }

  async setDatasetLicense(name: string, license: string): Promise<void> {
    await this.pool.query('UPDATE datasets SET license = $1 WHERE name = $2', [license, name]);
  }

  async getDataset(name: string): Promise<DatasetInfo | null> {
    const result = await this.pool.query<DatasetRow>(`${SELECT_DATASETS} WHERE d.name = $1`, [name]);
    return result.rows[0] === undefined ? null : toInfo(result.rows[0]);
  }

  async listDatasets(): Promise<DatasetInfo[]> {
    const result = await this.pool.query<DatasetRow>(`${SELECT_DATASETS} ORDER BY d.name`);
    return result.rows.map(toInfo);
  }

  async insertRecords(datasetId: number, records: readonly DatasetRecordInput[]): Promise<InsertRecordsResult> {
    return this.insertSerializedRecords(
      datasetId,
      records.map(({ rowKey, record, recordJson }) => ({
        rowKey,
        recordJson: recordJson ?? JSON.stringify(record),
        conversationHash: record.conversation_hash,
        model: record.model,
        language: record.language,
        timestamp: record.timestamp,
        turn: record.turn,
      })),
    );
  }

  /** In order, one transaction; `ordinality` keeps the import order inside each multi-row insert. */
  async insertSerializedRecords(datasetId: number, records: readonly SerializedDatasetRecord[]): Promise<InsertRecordsResult> {
    if (records.length === 0) return { inserted: 0, duplicates: 0 };
    const inserted = await inTransaction(this.pool, async (client) => {
      let count = 0;
      for (let start = 0; start < records.length; start += INSERT_CHUNK) {
        const chunk = records.slice(start, start + INSERT_CHUNK);
        const result = await client.query(
          `INSERT INTO dataset_records (dataset_id, row_key, conversation_hash, model, language, timestamp, turn, record)
           SELECT $1, k, h, m, l, t, n, r
           FROM unnest($2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[]) WITH ORDINALITY AS u (k, h, m, l, t, n, r, o)
           ORDER BY o
           ON CONFLICT (dataset_id, row_key) DO NOTHING`,
          [
            datasetId,
            chunk.map((item) => rowKeyBytes(item.rowKey)),
            chunk.map((item) => item.conversationHash),
            chunk.map((item) => item.model),
            chunk.map((item) => item.language),
            chunk.map((item) => item.timestamp),
            chunk.map((item) => item.turn),
            chunk.map((item) => item.recordJson),
          ],
        );
        count += result.rowCount ?? 0;
      }
      return count;
    });
    return { inserted, duplicates: records.length - inserted };
  }

  async *iterateRecords(datasetId: number, options: IterateRecordsOptions = {}): AsyncIterable<ReleaseRecord[]> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let after = 0;
    for (;;) {
      const result = await this.pool.query<{ id: number; record: string }>(
        'SELECT id, record FROM dataset_records WHERE dataset_id = $1 AND id > $2 ORDER BY id LIMIT $3',
        [datasetId, after, batchSize],
      );
      const rows = result.rows;
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.id ?? after;
      yield rows.map((row) => JSON.parse(row.record) as ReleaseRecord);
      if (rows.length < batchSize) return;
    }
  }

  async countRecords(datasetId: number): Promise<number> {
    const result = await this.pool.query<{ count: number }>('SELECT count(*) AS count FROM dataset_records WHERE dataset_id = $1', [datasetId]);
    return result.rows[0]?.count ?? 0;
  }

  async deleteDataset(name: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const found = await client.query<{ id: number }>('SELECT id FROM datasets WHERE name = $1 FOR UPDATE', [name]);
      const id = found.rows[0]?.id;
      if (id === undefined) return false;
      await client.query('DELETE FROM dataset_records WHERE dataset_id = $1', [id]);
      await client.query('DELETE FROM datasets WHERE id = $1', [id]);
      return true;
    });
  }

  /** Stored size (bytes of record JSON as text, like SQLite's) and the distinct record sources. */
  async datasetUsage(datasetId: number): Promise<DatasetUsage> {
    const size = await this.pool.query({
      rowMode: 'array',
      text: 'SELECT coalesce(sum(octet_length(record)), 0) FROM dataset_records WHERE dataset_id = $1',
      values: [datasetId],
    });
    const sources = await this.pool.query({
      rowMode: 'array',
      text: "SELECT DISTINCT record::jsonb->>'source' FROM dataset_records WHERE dataset_id = $1 AND record::jsonb->>'source' IS NOT NULL",
      values: [datasetId],
    });
    const bytes = Number((size.rows[0] as unknown[] | undefined)?.[0] ?? 0);
    return { bytes, sources: sources.rows.map((row) => String((row as unknown[])[0])).sort() };
  }

  /** [records, largest record id] of a dataset; [0, 0] for an unknown name. */
  async datasetSnapshot(name: string): Promise<number[]> {
    const result = await this.pool.query({
      rowMode: 'array',
      text: 'SELECT count(r.id), coalesce(max(r.id), 0) FROM datasets d LEFT JOIN dataset_records r ON r.dataset_id = d.id WHERE d.name = $1',
      values: [name],
    });
    return ((result.rows[0] as unknown[] | undefined) ?? [0, 0]).map(Number);
  }
}
