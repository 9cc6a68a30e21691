/**
 * `wildchat migrate [--dry-run]`: applies the schema migrations of the configured store (SQLite in
 * the data folder, or PostgreSQL with --database-url). `wildchat migrate --from sqlite:PATH --to
 * postgres://…` copies a whole SQLite store into PostgreSQL and verifies it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { resolveMigrateConfig } from '../settings/resolve-migrate-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './progress.ts';
import { countNoun } from '../core/count-noun.ts';

export function registerMigrateCommand(program: Command): void {
  const command = program
    .command('migrate')
    .description('Apply pending schema migrations (--dry-run lists them), or copy a SQLite store into PostgreSQL (--from sqlite:PATH --to postgres://...).');
  addSettingOptions(command, 'migrate').action(async (options: Record<string, unknown>) => {
    const config = resolveMigrateConfig(options, process.env);
    if (config.from !== null && config.to !== null) {
      const [{ copySqliteToPostgres }, { SQLITE_FILE_NAME }] = await Promise.all([
        import('../store/copy/copy-sqlite-to-postgres.ts'),
        import('../store/open-store.ts'),
      ]);
      const given = config.from.slice('sqlite:'.length);
      const sqlitePath = fs.existsSync(given) && fs.statSync(given).isDirectory() ? path.join(given, SQLITE_FILE_NAME) : given;
      const report = await copySqliteToPostgres({ sqlitePath, postgresUrl: config.to, progress: createProgress() }).catch((error: unknown) => {
        throw new CliError(`copy failed: ${error instanceof Error ? error.message : 'unknown error'}`, { cause: error });
      });
      for (const table of report.tables) {
        process.stdout.write(
          `${table.table}: ${countNoun(table.sourceRows, 'row')}, ${table.copied.toLocaleString('en-US')} copied now, ` +
            `${table.matches ? 'counts and checksum match' : `MISMATCH (target has ${countNoun(table.targetRows, 'row')}; checksums ${table.sourceChecksum.slice(0, 12)} vs ${table.targetChecksum.slice(0, 12)})`}\n`,
        );
      }
      if (!report.ok) throw new CliError('the copy does not match its source; run the same command again to resume, or copy into an empty database');
      process.stdout.write('copy verified\n');
      return;
    }
    const location = { dataDir: config.dataDir, databaseUrl: config.databaseUrl };
    const { applyStoreMigrations, planStoreMigrations } = await import('../store/migrate-store.ts');
    const plan = config.dryRun
      ? await planStoreMigrations(location)
      : await applyStoreMigrations(location).catch((error: unknown) => {
          throw new CliError(`migration failed: ${error instanceof Error ? error.message : 'unknown error'}`, { cause: error });
        });
    process.stdout.write(`${plan.target}: ${plan.applied.length} migration(s) applied before${plan.pending.length === 0 ? ', nothing pending' : ''}\n`);
    for (const id of plan.pending) process.stdout.write(`${config.dryRun ? 'would apply' : 'applied'} ${id}\n`);
  });
}
