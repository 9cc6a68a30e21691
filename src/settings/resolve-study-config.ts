import path from 'node:path';
import type { TokenizerChoice } from '../analytics/dataset-statistics.ts';
import { STATS_FORMATS, type StatsFormat } from '../analytics/format-stats.ts';
import type { GroupBy } from '../analytics/stats-sql.ts';
import { resolveSettings, resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { studySettings } from './study-settings.ts';

export interface StudyConfig {
  dataDir: string;
  /** PostgreSQL store holding the named datasets; null = the SQLite store in dataDir. */
  databaseUrl: string | null;
  groupBy: GroupBy | null;
  k: number;
  tokenizer: TokenizerChoice;
  memoryLimit: string;
}

export interface StatsConfig extends StudyConfig {
  format: StatsFormat;
}

export interface ReportConfig extends StudyConfig {
  out: string;
}

function studyConfig(
  command: 'stats' | 'report',
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext,
): StudyConfig {
  const study = resolveSettingsTable(studySettings, command, options, env, context);
  const shared = resolveSettings(command, options, env, context);
  return {
    dataDir: typeof shared.dataDir === 'string' ? shared.dataDir : './wildchat-data',
    databaseUrl: typeof shared.databaseUrl === 'string' && shared.databaseUrl !== '' ? shared.databaseUrl : null,
    groupBy: (study.by as GroupBy | null) ?? null,
    k: Number(study.k),
    tokenizer: study.tokenizer as TokenizerChoice,
    memoryLimit: String(study.statsMemoryLimit),
  };
}

export function resolveStatsConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): StatsConfig {
  const shared = resolveSettings('stats', options, env, context);
  const format = typeof shared.format === 'string' ? shared.format : 'table';
  if (!(STATS_FORMATS as readonly string[]).includes(format))
    throw new SettingError('format', `--format ${format} is not a stats output; use ${STATS_FORMATS.join(', ')}`);
  return { ...studyConfig('stats', options, env, context), format: format as StatsFormat };
}

export function resolveReportConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ReportConfig {
  const shared = resolveSettings('report', options, env, context);
  const config = studyConfig('report', options, env, context);
  // Without --out the report goes under the data folder, never into the working directory.
  return { ...config, out: typeof shared.out === 'string' ? shared.out : path.join(config.dataDir, 'out', 'report.html') };
}
