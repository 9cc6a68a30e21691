/** `wildchat embed DATASET…`: embeds conversations into the embedding store beside the data (see docs/explorer.md, the map). */
import path from 'node:path';
import type { Command } from 'commander';
import { resolveEmbedConfig } from '../settings/resolve-map-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './progress.ts';

export function registerEmbedCommand(program: Command): void {
  const command = program
    .command('embed')
    .description('Embed the conversations of imported datasets (or "collected" with --raw) for `wildchat map`; incremental and resumable.')
    .argument('<datasets...>', 'names of imported datasets, or "collected"');
  addSettingOptions(command, 'embed').action(async (datasets: string[], options: Record<string, unknown>) => {
    const config = resolveEmbedConfig(options, process.env);
    if (datasets.includes('collected') && !config.raw)
      throw new CliError('"collected" is our raw logs (unredacted text): pass --raw and --operator-token to embed it');
    // Loaded here, not at start-up: other commands should not pay for these modules.
    const [{ openStore }, { SqliteEmbeddingStore, EMBEDDING_STORE_FILE_NAME }, { embedDataset }, { EmbeddingVersionError }] = await Promise.all([
      import('../store/open-store.ts'),
      import('../store/sqlite/sqlite-embedding-store.ts'),
      import('../jobs/embed-job.ts'),
      import('../store/embedding-store.ts'),
    ]);
    const { UpstreamError } = await import('../llm/llm-client.ts');
    const upstreamFailure = (error: unknown): never => {
      if (error instanceof UpstreamError)
        throw new CliError(`embedding server ${new URL(config.upstreamUrl).host}: ${error.message}; what was stored so far is kept, re-run to resume`, {
          cause: error,
        });
      throw error;
    };
    const backend =
      config.backend === 'hashed-ngram'
        ? new (await import('../embedding/hashed-ngram-backend.ts')).HashedNgramBackend()
        : await (async () => {
            const [{ createEmbeddingsClient }, { openOpenAiCompatibleBackend }] = await Promise.all([
              import('../llm/embeddings-client.ts'),
              import('../embedding/openai-compatible-backend.ts'),
            ]);
            const client = createEmbeddingsClient({ baseUrl: config.upstreamUrl, apiKey: config.upstreamKey, model: config.embeddingModel });
            return openOpenAiCompatibleBackend({ client, endpointName: new URL(config.upstreamUrl).host });
          })().catch(upstreamFailure);
    const store = openStore(config.dataDir);
    const embeddings = new SqliteEmbeddingStore(path.join(config.dataDir, EMBEDDING_STORE_FILE_NAME));
    try {
      for (const dataset of datasets) {
        const report = await embedDataset({
          store,
          embeddings,
          backend,
          dataset,
          textRule: config.textRule,
          replace: config.replace,
          progress: createProgress(),
        }).catch((error: unknown) => {
          if (error instanceof EmbeddingVersionError || (error instanceof Error && /^no dataset named /u.test(error.message)))
            throw new CliError(error.message, { cause: error });
          return upstreamFailure(error);
        });
        const count = (value: number): string => value.toLocaleString('en-US');
        process.stdout.write(
          `${dataset}: ${count(report.embedded)} embedded, ${count(report.noText)} without text for ${report.textRule} (${count(report.noTextTotal)} in all), ${count(report.removed)} removed; ${count(report.points)} points stored (${report.version}) in ${report.seconds.toFixed(1)} s, CPU ${report.cpuSeconds.toFixed(1)} s\n`,
        );
      }
    } finally {
      await backend.close();
      await embeddings.close();
      await store.close();
    }
  });
}
