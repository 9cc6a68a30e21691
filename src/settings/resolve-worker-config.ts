import { releaseShardSettings } from './release-shard-settings.ts';
import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { serveSettings } from './serve-settings.ts';

/** `wildchat worker`: runs shards of sharded releases from the queue in PostgreSQL. */
export interface WorkerConfig {
  databaseUrl: string;
  /** The longest a shard may run before it counts as lost (seconds); sets how often expired jobs are looked for. */
  shardTimeoutSeconds: number;
}

export function resolveWorkerConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): WorkerConfig {
  const shared = resolveSettingsTable(serveSettings, 'worker', options, env, context);
  const own = resolveSettingsTable(releaseShardSettings, 'worker', options, env, context);
  const url = shared.databaseUrl?.trim() ?? '';
  if (url === '')
    throw new SettingError('databaseUrl', 'wildchat worker needs --database-url postgres://... (or DATABASE_URL): the shard queue lives in PostgreSQL.');
  // The URL is not quoted: it may carry a password.
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new SettingError('databaseUrl', 'Invalid database-url: expected a postgres:// URL.');
  return { databaseUrl: url, shardTimeoutSeconds: own.shardTimeout };
}
