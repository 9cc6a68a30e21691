import type { Migration } from './migration.ts';

/**
 * Tables owned by src/dataset (imported datasets). One row per conversation: the normalised
 * release record as JSON, plus the columns the explorer and analytics filter on. The rowid gives
 * the import order; row_key (16 bytes of SHA-256) deduplicates within a dataset.
 */
export const datasetMigrations: readonly Migration[] = [
  {
    id: '0100-datasets',
    sql: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE dataset_records (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        row_key BLOB NOT NULL,
        conversation_hash TEXT NOT NULL,
        model TEXT,
        language TEXT,
        timestamp TEXT,
        turn INTEGER NOT NULL,
        record TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX dataset_records_row_key ON dataset_records (dataset_id, row_key);
      CREATE INDEX dataset_records_hash ON dataset_records (dataset_id, conversation_hash);
      CREATE INDEX dataset_records_timestamp ON dataset_records (dataset_id, timestamp);
    `,
  },
  {
    id: '0101-dataset-license',
    sql: `ALTER TABLE datasets ADD COLUMN license TEXT;`,
  },
];
