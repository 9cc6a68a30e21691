import { annotationMigrations } from './annotation-migrations.ts';
import { datasetMigrations } from './dataset-migrations.ts';
import type { Migration } from './migration.ts';
import { rawLogMigrations } from './raw-log-migrations.ts';

/** Every SQLite migration, sorted by id. */
export const sqliteMigrations: readonly Migration[] = [...rawLogMigrations, ...datasetMigrations, ...annotationMigrations].sort((a, b) =>
  a.id.localeCompare(b.id),
);
