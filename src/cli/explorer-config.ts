/** Typed config of `wildchat index` and `wildchat explore`, from the settings table. */
import { resolveSettings } from '../settings/resolve-settings.ts';
import { CliError } from './cli-error.ts';

export interface ExplorerCliConfig {
  dataDir: string;
  /** PostgreSQL holding the datasets (and the index, unless indexFile is set); null = SQLite in dataDir. */
  databaseUrl: string | null;
  indexFile: string | null;
  raw: boolean;
  operatorToken: string | null;
  port: number;
  host: string;
  budgetMs: number;
  countCap: number;
  exportLimit: number;
}

export const MIN_OPERATOR_TOKEN_LENGTH = 24;

export function resolveExplorerCliConfig(command: 'index' | 'explore', options: Record<string, unknown>, env: NodeJS.ProcessEnv): ExplorerCliConfig {
  const settings = resolveSettings(command, options, env) as Record<string, unknown>;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const raw = settings.raw === true;
  const operatorToken = text(settings.operatorToken);
  if (raw && (operatorToken === null || operatorToken.length < MIN_OPERATOR_TOKEN_LENGTH)) {
    throw new CliError(
      `--raw serves unredacted collected logs: set --operator-token (or WILDCHAT_OPERATOR_TOKEN) to a secret of at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`,
    );
  }
  return {
    dataDir: text(settings.dataDir) ?? './wildchat-data',
    databaseUrl: text(settings.databaseUrl),
    indexFile: text(settings.searchIndex),
    raw,
    operatorToken: raw ? operatorToken : null,
    port: Number(settings.port ?? 3000),
    host: text(settings.host) ?? '127.0.0.1',
    budgetMs: Number(settings.queryBudgetMs ?? 1000),
    countCap: Number(settings.countCap ?? 10000),
    exportLimit: Number(settings.exportLimit ?? 1000),
  };
}
