/**
 * Every subcommand of `wildchat`. To add one, write `src/cli/<name>-command.ts` exporting a
 * CommandRegistration and append it here (one import, one list entry).
 */
import type { CommandRegistration } from './command-registration.ts';
import { registerDatasetsCommand } from './datasets-command.ts';
import { registerEmbedCommand } from './embed-command.ts';
import { registerExploreCommand } from './explore-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerImportCommand } from './import-command.ts';
import { registerIndexCommand } from './index-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerMapCommand } from './map-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerReleaseCommand } from './release-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerStatsCommand } from './stats-command.ts';
import { registerTakedownCommand } from './takedown-command.ts';
import { registerWorkerCommand } from './worker-command.ts';

export const commandRegistrations: readonly CommandRegistration[] = [
  registerServeCommand,
  registerKeysCommand,
  registerImportCommand,
  registerExportCommand,
  registerReleaseCommand,
  registerDatasetsCommand,
  registerStatsCommand,
  registerReportCommand,
  registerMigrateCommand,
  registerIndexCommand,
  registerExploreCommand,
  registerEmbedCommand,
  registerMapCommand,
  registerTakedownCommand,
  registerWorkerCommand,
];
