import type { Migration } from './migration.ts';

/** Tables owned by src/store/sqlite (raw log: consents, conversations, turns, tombstones). */
export const rawLogMigrations: readonly Migration[] = [];
