import type { Migration } from './migration.ts';

/** Tables owned by src/pipeline (annotation cache). */
export const annotationMigrations: readonly Migration[] = [
  {
    id: '0200-annotation-cache',
    // WITHOUT ROWID: rows are looked up and stored by the whole primary key, never by rowid.
    sql: `
      CREATE TABLE annotation_cache (
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (stage, version, key)
      ) WITHOUT ROWID, STRICT;
    `,
  },
];
