/**
 * What `wildchat index` and `wildchat explore` are pointed at, resolved to datasets: a name of an
 * imported dataset, "collected" (our raw logs), or a path to data files (a release folder in
 * Hugging Face layout, WildChat-1M / LMSYS-Chat-1M Parquet shards, ShareGPT JSON, JSONL), which
 * is imported into the store first (deduplicated, so re-running adds only new rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { importFiles, type ImportReport } from '../dataset/import/import-files.ts';
import type { ProgressSink } from '../core/progress-sink.ts';
import type { DatasetStore } from '../store/dataset-store.ts';
import { COLLECTED_DATASET } from './search-index-job.ts';

const DATA_FILE = /\.(parquet|jsonl|ndjson|json)(\.gz)?$/iu;

export type SearchSource = { kind: 'dataset'; name: string } | { kind: 'collected' } | { kind: 'files'; name: string; files: string[] };

export class SearchSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchSourceError';
  }
}

function dataFilesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
      else if (entry.isFile() && DATA_FILE.test(entry.name) && entry.name !== 'manifest.json') found.push(full);
    }
  };
  walk(folder);
  return found;
}

/** Dataset name for a path: the folder or file name without data-file extensions. */
export function datasetNameForPath(target: string): string {
  const base = path.basename(path.resolve(target)).replace(DATA_FILE, '');
  return base === '' ? 'files' : base;
}

function looksLikePath(argument: string): boolean {
  return argument.includes('/') || argument.includes(path.sep) || DATA_FILE.test(argument) || argument.startsWith('.');
}

export function resolveSearchSource(argument: string): SearchSource {
  if (argument === COLLECTED_DATASET) return { kind: 'collected' };
  let info: fs.Stats | null = null;
  try {
    info = fs.statSync(argument);
  } catch (error) {
    if (looksLikePath(argument)) throw new SearchSourceError(`${argument}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (info === null) return { kind: 'dataset', name: argument };
  const files = info.isDirectory() ? dataFilesUnder(argument) : [argument];
  if (files.length === 0) throw new SearchSourceError(`${argument}: no data files (.parquet, .jsonl, .json, optionally .gz) in this folder`);
  return { kind: 'files', name: datasetNameForPath(argument), files };
}

export async function importSourceFiles(
  source: Extract<SearchSource, { kind: 'files' }>,
  datasets: DatasetStore,
  progress: ProgressSink,
): Promise<ImportReport> {
  // An explorer index is not published: the licence only satisfies the import's check.
  return importFiles({ files: source.files, dataset: source.name, store: datasets, progress, license: 'other' });
}
