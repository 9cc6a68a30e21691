/**
 * How one `wildchat index` run writes the index. A SQLite index that does not exist yet (first
 * build, or a file of an old layout that was deleted) is a bulk build: written to a temporary
 * file without journal and moved into place when the run succeeds (SqliteBulkBuild). An existing
 * file, or PostgreSQL, is updated in place with its journal, so a failed run keeps everything
 * committed before the failure and the next run goes on from there.
 */
import fs from 'node:fs';
import type { SearchIndex } from '../search/search-index.ts';
import { SqliteBulkBuild } from '../search/sqlite/sqlite-bulk-build.ts';
import { openCurrentLayout, openSearchIndexAt, sqliteIndexFile, type SearchIndexLocation } from './open-search-index.ts';

/** An update that wrote more than this many documents merges the index at the end (FTS5 optimize, ANALYZE). */
const OPTIMIZE_AFTER_WRITES = 10_000;

export interface SearchIndexForBuild {
  index: SearchIndex;
  /** The index file, or which PostgreSQL database holds the index (no password). */
  description: string;
  /** Makes the run final: a bulk build merged and moved into place, an update merged when it was large, then closed. */
  finish(documentsWritten: number): Promise<void>;
  /** After a failure: a bulk build's temporary file is removed (no index file appears), an update is closed as it is. */
  abandon(): Promise<void>;
}

function bulkBuild(indexFile: string): SearchIndexForBuild {
  const build = SqliteBulkBuild.begin(indexFile);
  return {
    index: build.index,
    description: indexFile,
    finish: () => build.finish(),
    abandon: () => build.abandon(),
  };
}

function update(index: SearchIndex, description: string): SearchIndexForBuild {
  return {
    index,
    description,
    finish: async (documentsWritten) => {
      try {
        if (documentsWritten > OPTIMIZE_AFTER_WRITES) await index.optimize?.();
      } finally {
        await index.close();
      }
    },
    abandon: () => index.close(),
  };
}

export async function openSearchIndexForBuild(location: SearchIndexLocation, log: (line: string) => void): Promise<SearchIndexForBuild> {
  const indexFile = sqliteIndexFile(location);
  if (indexFile === null) {
    const opened = await openSearchIndexAt(location, log);
    return update(opened.index, opened.description);
  }
  if (!fs.existsSync(indexFile)) return bulkBuild(indexFile);
  const existing = openCurrentLayout(indexFile, log);
  return existing === null ? bulkBuild(indexFile) : update(existing, indexFile);
}
