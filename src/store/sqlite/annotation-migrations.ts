import type { Migration } from './migration.ts';

/** Tables owned by src/pipeline (annotation cache). */
export const annotationMigrations: readonly Migration[] = [];
