import type { Migration } from './migration.ts';

/** Tables owned by src/dataset (imported datasets). */
export const datasetMigrations: readonly Migration[] = [];
