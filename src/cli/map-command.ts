/** `wildchat map DATASET…`: a 2-D map with privacy-gated topic clusters, stored for `wildchat explore`. */
import path from 'node:path';
import type { Command } from 'commander';
import { resolveMapConfig } from '../settings/resolve-map-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './progress.ts';

export function registerMapCommand(program: Command): void {
  const command = program
    .command('map')
    .description('Project embedded datasets to a 2-D map with topic clusters (privacy-gated labels) for the explorer; run `wildchat embed` first.')
    .argument('<datasets...>', 'names of embedded datasets (several share one map, each its own colour)');
  addSettingOptions(command, 'map').action(async (datasets: string[], options: Record<string, unknown>) => {
    const config = resolveMapConfig(options, process.env);
    if (datasets.includes('collected') && !config.raw)
      throw new CliError('"collected" is our raw logs (unredacted text): pass --raw and --operator-token to map it');
    const [{ openStore }, { SqliteEmbeddingStore, EMBEDDING_STORE_FILE_NAME }, { buildDatasetMap }, { EmbeddingVersionError }, { createPiiDetector }] =
      await Promise.all([
        import('../store/open-store.ts'),
        import('../store/sqlite/sqlite-embedding-store.ts'),
        import('../jobs/map-job.ts'),
        import('../store/embedding-store.ts'),
        import('../pipeline/pii/index.ts'),
      ]);
    const detector = createPiiDetector();
    const relabel = config.labelModel === null ? null : await labelWithModel(config.upstreamUrl, config.upstreamKey, config.labelModel);
    const store = openStore(config.dataDir);
    const embeddings = new SqliteEmbeddingStore(path.join(config.dataDir, EMBEDDING_STORE_FILE_NAME));
    const name = config.mapName ?? `${datasets.join('+')}${config.language === null ? '' : `-${config.language}`}`;
    try {
      const report = await buildDatasetMap({
        store,
        embeddings,
        datasets,
        textRule: config.textRule,
        name,
        language: config.language,
        k: config.k,
        seed: config.seed,
        containsPii: (text) => detector.detect(text).length > 0,
        relabel,
        progress: createProgress(),
      }).catch((error: unknown) => {
        if (error instanceof EmbeddingVersionError || (error instanceof Error && /has no .* embeddings|no embedded conversations/u.test(error.message)))
          throw new CliError(error.message, { cause: error });
        throw error;
      });
      const { header } = report;
      const fine = header.clusters.filter((cluster) => cluster.level === 2);
      const noUsers = header.datasets.filter((dataset) => !dataset.hasUsers).map((dataset) => dataset.name);
      process.stdout.write(
        `map ${name}: ${header.points.toLocaleString('en-US')} points, ${fine.length} clusters (${fine.filter((cluster) => cluster.label !== null).length} labelled, ${header.unclustered} points unclustered) at k = ${header.k}` +
          `${noUsers.length > 0 ? `; ${noUsers.join(', ')} has no users, so its conversations are counted instead` : ''}; ${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(1)} s (CPU ${report.cpuSeconds.toFixed(1)} s)\n`,
      );
    } finally {
      await embeddings.close();
      await store.close();
    }
  });
}

/** Asks a chat model for a short topic name from gated terms (the only thing it ever sees). */
async function labelWithModel(baseUrl: string, apiKey: string | null, model: string): Promise<(terms: string) => Promise<string | null>> {
  const { createOpenAiCompatibleClient } = await import('../llm/openai-compatible-client.ts');
  const client = createOpenAiCompatibleClient({ baseUrl, apiKey, firstTokenTimeoutMs: 30_000, stallTimeoutMs: 30_000, retries: 2 });
  return async (terms) => {
    let text = '';
    for await (const event of client.streamChat({
      model,
      messages: [
        { role: 'system', content: 'Name the topic these keywords describe in at most five words. Answer with the name only.' },
        { role: 'user', content: terms },
      ],
      params: { temperature: 0, max_tokens: 20 },
    })) {
      if (event.type === 'delta') text += event.text;
    }
    return text.trim() === '' ? null : text.trim().replace(/^["']|["']$/gu, '');
  };
}
