/** The `import` settings from flags, environment and defaults, checked and typed. */
import { IMPORT_FORMATS, type ImportFormat } from '../schema/import-formats.ts';
import { commandSettings } from './command-settings.ts';
import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';

export interface ImportCommandConfig {
  dataDir: string;
  /** A postgres:// URL: import into PostgreSQL instead of the SQLite file in dataDir. */
  databaseUrl: string | null;
  files: string[];
  dataset: string;
  /** Null: detected per file from its rows. */
  format: ImportFormat | null;
  strict: boolean;
  maxListedErrors: number;
  /** Null: the format's known licence, or the one already recorded for the dataset. */
  license: string | null;
}

function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

export function resolveImportConfig(
  files: readonly string[],
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ImportCommandConfig {
  const settings = resolveSettingsTable(commandSettings, 'import', options, env, context);
  if (settings.dataset === null) throw new SettingError('dataset', '--dataset is required: the name the imported data gets');
  const format = settings.format;
  if (format !== null && !isImportFormat(format))
    throw new SettingError('format', `--format ${format} is an export format; import reads ${IMPORT_FORMATS.join(', ')}`);
  return {
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    files: [...files],
    dataset: settings.dataset,
    format,
    strict: settings.strict,
    maxListedErrors: settings.maxListedErrors,
    license: settings.license,
  };
}
