/**
 * `wildchat index` end to end: resolve the sources, import files, index every dataset named
 * (all imported ones when none is named), incrementally; a first build is a bulk load
 * (search-index-for-build.ts). Shared by `index` and `explore`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressSink } from '../core/progress-sink.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { openStoreAt, SQLITE_FILE_NAME } from '../store/open-store.ts';
import { COLLECTED_DATASET, indexCollectedConversations, indexImportedDataset, type IndexRunReport } from './search-index-job.ts';
import { importSourceFiles, resolveSearchSource, SearchSourceError, type SearchSource } from './search-sources.ts';
import { countNoun } from '../core/count-noun.ts';
import type { SearchIndexLocation } from './open-search-index.ts';
import { openSearchIndexForBuild, type SearchIndexForBuild } from './search-index-for-build.ts';

export { openSearchIndexAt, SEARCH_INDEX_FILE_NAME, searchIndexPath, type SearchIndexLocation } from './open-search-index.ts';

export interface BuildSearchIndexConfig extends SearchIndexLocation {
  sources: readonly string[];
  /** Raw collected logs allowed (the caller checked the operator token). */
  raw: boolean;
  progress: ProgressSink;
  log: (line: string) => void;
}

export interface BuildSearchIndexResult {
  /** The index file, or which PostgreSQL database holds the index (no password). */
  indexFile: string;
  reports: IndexRunReport[];
}

export async function indexHoldsRawLogs(index: SearchIndex): Promise<boolean> {
  return (await index.listDatasets()).some((dataset) => dataset.name === COLLECTED_DATASET && dataset.documents > 0);
}

export async function buildSearchIndex(config: BuildSearchIndexConfig): Promise<BuildSearchIndexResult> {
  const sources: SearchSource[] = config.sources.map(resolveSearchSource);
  if (sources.some((source) => source.kind === 'collected') && !config.raw) {
    throw new SearchSourceError('"collected" is our raw logs (unredacted text): pass --raw and --operator-token to index or serve it');
  }
  const databaseUrl = config.databaseUrl ?? null;
  if (databaseUrl === null && !sources.some((source) => source.kind === 'files') && !fs.existsSync(path.join(config.dataDir, SQLITE_FILE_NAME))) {
    throw new SearchSourceError(`no wildchat store in ${config.dataDir} (pass --data-dir, or a path to data files)`);
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const store = await openStoreAt({ dataDir: config.dataDir, databaseUrl });
  let opened: SearchIndexForBuild;
  try {
    opened = await openSearchIndexForBuild(config, config.log);
  } catch (error) {
    await store.close();
    throw error;
  }
  const { index, description: indexFile } = opened;
  const reports: IndexRunReport[] = [];
  let handedOver = false;
  try {
    const datasets = store.datasets;
    const names: string[] = [];
    let collected = false;
    for (const source of sources) {
      if (source.kind === 'collected') collected = true;
      else if (source.kind === 'dataset') names.push(source.name);
      else {
        const report = await importSourceFiles(source, datasets, config.progress);
        config.log(
          `${source.name}: ${report.imported.toLocaleString('en-US')} new of ${countNoun(report.datasetRecords, 'conversation')} imported from ${countNoun(source.files.length, 'file')}${report.malformed > 0 ? `, ${countNoun(report.malformed, 'malformed row')} skipped (first: ${report.errors[0]?.file ?? ''} ${report.errors[0]?.position ?? ''}: ${report.errors[0]?.reason ?? ''})` : ''}`,
        );
        names.push(source.name);
      }
    }
    if (sources.length === 0) {
      names.push(...(await datasets.listDatasets()).map((dataset) => dataset.name));
      collected = config.raw;
    }
    for (const name of [...new Set(names)]) reports.push(await indexImportedDataset({ index, datasets, name, progress: config.progress }));
    if (collected) reports.push(await indexCollectedConversations({ index, store, progress: config.progress }));
    const holdsRawLogs = !config.raw && (await indexHoldsRawLogs(index));
    // finish cleans up after itself when it fails, so it is never followed by abandon.
    handedOver = true;
    await opened.finish(reports.reduce((sum, report) => sum + report.added + report.replaced, 0));
    for (const report of reports) {
      config.log(
        `${report.dataset}: ${countNoun(report.documents, 'conversation')} indexed (${report.added.toLocaleString('en-US')} new, ${report.replaced.toLocaleString('en-US')} changed, ${report.removed.toLocaleString('en-US')} removed) in ${report.seconds.toFixed(1)} s`,
      );
    }
    if (holdsRawLogs) config.log('note: this index holds raw collected logs; explore serves it only with --raw and the operator token');
  } finally {
    // A bulk build that did not finish leaves no index file behind (its temporary file goes too).
    if (!handedOver) await opened.abandon();
    await store.close();
  }
  return { indexFile, reports };
}
