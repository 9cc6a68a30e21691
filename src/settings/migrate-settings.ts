import type { Setting } from './setting.ts';

/** `wildchat migrate`: schema migrations, and copies between stores. */
export const migrateSettings = [
  {
    key: 'dryRun',
    commands: ['migrate'],
    type: 'boolean',
    defaultValue: 'false',
    env: ['WILDCHAT_MIGRATE_DRY_RUN'],
    help: 'List the migrations that would be applied and change nothing.',
  },
  {
    key: 'from',
    commands: ['migrate'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_MIGRATE_FROM'],
    help: 'Copy a whole store from here: sqlite:PATH (a wildchat.sqlite file or the data folder holding it). Needs --to.',
  },
  {
    key: 'to',
    commands: ['migrate'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_MIGRATE_TO'],
    help: 'Copy target: a postgres:// URL. The copy is resumable (re-run to continue) and ends with a count and checksum check of every table.',
    secret: true,
  },
] as const satisfies readonly Setting[];

export interface MigrateConfig {
  dataDir: string;
  databaseUrl: string | null;
  dryRun: boolean;
  from: string | null;
  to: string | null;
}
