/** `wildchat explore [DATASET_OR_PATH...]`: index what is new, then serve the read-only explorer. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { resolveExplorerCliConfig } from './explorer-config.ts';
import { asCliError } from './index-command.ts';
import { createProgress } from './progress.ts';

export function registerExploreCommand(program: Command): void {
  const command = program
    .command('explore')
    .description(
      'Serve a read-only explorer (search, facets, conversations, users) over imported datasets, data files or folders; builds or updates the search index first.',
    )
    .argument('[sources...]', 'dataset names, "collected" (needs --raw), or paths to data files/folders (default: every imported dataset)');
  addSettingOptions(command, 'explore').action(async (sources: string[], options: Record<string, unknown>) => {
    const config = resolveExplorerCliConfig('explore', options, process.env);
    // Loaded here, not at start-up: other commands should not pay for the explorer's modules.
    const [{ serve }, { buildSearchIndex, indexHoldsRawLogs, openSearchIndexAt }, { createExplorerApp }] = await Promise.all([
      import('@hono/node-server'),
      import('../jobs/build-search-index.ts'),
      import('../server/explorer/explorer-app.ts'),
    ]);
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    const { indexFile } = await buildSearchIndex({
      dataDir: config.dataDir,
      indexFile: config.indexFile,
      databaseUrl: config.databaseUrl,
      sources,
      raw: config.raw,
      progress: createProgress(),
      log,
    }).catch(asCliError);
    const { index } = await openSearchIndexAt(config, log);
    // An index built earlier with --raw holds unredacted text: never serve it without the token gate.
    if (!config.raw && (await indexHoldsRawLogs(index))) {
      await index.close();
      throw new CliError(`${indexFile} holds raw collected logs: serve it with --raw and --operator-token, or pass another --search-index`);
    }
    const { SqliteEmbeddingStore, EMBEDDING_STORE_FILE_NAME } = await import('../store/sqlite/sqlite-embedding-store.ts');
    const embeddingsFile = path.join(config.dataDir, EMBEDDING_STORE_FILE_NAME);
    const embeddings = fs.existsSync(embeddingsFile) ? new SqliteEmbeddingStore(embeddingsFile) : null;
    const extraRoutes =
      embeddings === null
        ? undefined
        : (await import('../server/explorer/map-routes.ts')).createMapRoutes({
            index,
            embeddings,
            budgetMs: config.budgetMs,
            countCap: config.countCap,
            raw: config.raw,
          });
    const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
    const app = createExplorerApp({
      index,
      webDir: fs.existsSync(webDir) ? webDir : null,
      budgetMs: config.budgetMs,
      countCap: config.countCap,
      exportLimit: config.exportLimit,
      dataLabel: config.raw ? 'RAW collected logs (unredacted)' : 'released data',
      operatorToken: config.operatorToken,
      extraRoutes,
    });
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      process.stdout.write(
        `explorer listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${info.port}/${config.raw ? ' (open it with ?token=<operator token>)' : ''}\n`,
      );
    });
    const stop = (): void => {
      server.close();
      void Promise.all([index.close(), embeddings?.close()]).then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
