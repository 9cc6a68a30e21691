import { migrateSettings, type MigrateConfig } from './migrate-settings.ts';
import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { serveSettings } from './serve-settings.ts';

/** The `migrate` settings from flags, environment and defaults, checked. */
export function resolveMigrateConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): MigrateConfig {
  const shared = resolveSettingsTable(serveSettings, 'migrate', options, env, context);
  const own = resolveSettingsTable(migrateSettings, 'migrate', options, env, context);
  const config: MigrateConfig = { dataDir: shared.dataDir, databaseUrl: shared.databaseUrl, dryRun: own.dryRun, from: own.from, to: own.to };
  if ((config.from === null) !== (config.to === null))
    throw new SettingError(config.from === null ? 'from' : 'to', '--from and --to go together: --from sqlite:PATH --to postgres://...');
  if (config.from !== null && !config.from.startsWith('sqlite:'))
    throw new SettingError('from', 'Invalid from: expected sqlite:PATH (a wildchat.sqlite file or its data folder).');
  // The URL is not quoted: it may carry a password.
  if (config.to !== null && !/^postgres(ql)?:\/\//i.test(config.to)) throw new SettingError('to', 'Invalid to: expected a postgres:// URL.');
  return config;
}
