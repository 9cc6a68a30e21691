/** The `export` settings: the output options it shares with `release` (resolveDatasetOutput). */
import { resolveDatasetOutput, type DatasetOutputConfig } from './resolve-dataset-output.ts';
import type { ResolveContext } from './resolve-settings.ts';

export type ExportCommandConfig = DatasetOutputConfig;

export function resolveExportConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ExportCommandConfig {
  return resolveDatasetOutput('export', options, env, context);
}
