/**
 * Where the search index lives and opening it: a SQLite file (search-index.sqlite in the data
 * folder, or --search-index), or PostgreSQL's search_* tables when the store is PostgreSQL.
 */
import path from 'node:path';
import type { SearchIndex } from '../search/search-index.ts';
import { removeSqliteFiles } from '../search/sqlite/sqlite-files.ts';
import { SqliteSearchIndex } from '../search/sqlite/sqlite-search-index.ts';
import { SearchIndexVersionError } from '../search/sqlite/sqlite-search-schema.ts';
import { PgSearchIndex } from '../search/postgres/pg-search-index.ts';
import { describeDatabaseUrl } from '../store/postgres/pg-pool.ts';

export const SEARCH_INDEX_FILE_NAME = 'search-index.sqlite';

export interface SearchIndexLocation {
  dataDir: string;
  /** An explicit SQLite index file; null = PostgreSQL when databaseUrl is set, else search-index.sqlite in dataDir. */
  indexFile: string | null;
  /** PostgreSQL store holding the datasets; null = the SQLite store in dataDir. */
  databaseUrl?: string | null;
}

export function searchIndexPath(dataDir: string, indexFile: string | null): string {
  return indexFile ?? path.join(dataDir, SEARCH_INDEX_FILE_NAME);
}

/** The SQLite index file of a location, or null when the index lives in PostgreSQL. */
export function sqliteIndexFile(location: SearchIndexLocation): string | null {
  if (location.indexFile === null && (location.databaseUrl ?? null) !== null) return null;
  return searchIndexPath(location.dataDir, location.indexFile);
}

/**
 * Opens an existing file for an update; one written by another layout version is derived data,
 * so it is deleted (with its -wal and -shm) and null says a new index has to be built.
 */
export function openCurrentLayout(indexFile: string, log: (line: string) => void): SqliteSearchIndex | null {
  try {
    return new SqliteSearchIndex(indexFile);
  } catch (error) {
    if (!(error instanceof SearchIndexVersionError)) throw error;
    log(`${indexFile}: ${error.message}; rebuilding it`);
    removeSqliteFiles(indexFile);
    return null;
  }
}

/** Opens the index the settings point at (creating it when missing) and says where it is. */
export async function openSearchIndexAt(location: SearchIndexLocation, log: (line: string) => void): Promise<{ index: SearchIndex; description: string }> {
  const url = location.databaseUrl ?? null;
  if (location.indexFile === null && url !== null) {
    return { index: await PgSearchIndex.openUrl(url), description: `${describeDatabaseUrl(url)} (search_* tables)` };
  }
  const indexFile = searchIndexPath(location.dataDir, location.indexFile);
  return { index: openCurrentLayout(indexFile, log) ?? new SqliteSearchIndex(indexFile), description: indexFile };
}
