/**
 * Tables of the SQLite search index (a file of its own, beside the store, rebuilt from the
 * datasets at any time). Document ids encode time: id = seconds × 2^20 + sequence, so "newest
 * first" is the FTS5 table's own rowid order (no sort over all matches) and a date range is a
 * rowid range. The FTS table is contentless (the text lives in the compressed record) with
 * contentless_delete so a changed conversation can be replaced.
 *
 * docs holds only the small filter and facet columns (≈ 150 bytes a row, some 25 rows a page):
 * a count and facet pass reads every match's row, and with the 7 KB record in the same row each
 * match cost a page of its own. The preview, fingerprint and record live in doc_records, read
 * only for the page of hits and when a document is added. The FTS column `tags` holds the
 * equality-filter values as tokens (filter-tags.ts).
 */
import type Database from 'better-sqlite3';

export { ID_SEQUENCE_BITS } from '../time-ids.ts';

export const SEARCH_INDEX_SCHEMA_VERSION = 4;

/** The file was written by another version of the index layout (it is derived data: rebuild it). */
export class SearchIndexVersionError extends Error {
  constructor(found: string) {
    super(
      `the search index has layout version ${found}, this wildchat writes ${SEARCH_INDEX_SCHEMA_VERSION}: delete the index file (wildchat index rebuilds it)`,
    );
    this.name = 'SearchIndexVersionError';
  }
}

/** Creates the tables of a new file, or checks the layout of an existing one (journal settings: sqlite-load-settings.ts). */
export function createSearchSchema(database: Database.Database): void {
  database.exec('CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const found = database.prepare<[], { value: string }>("SELECT value FROM search_meta WHERE key = 'schema_version'").get();
  if (found !== undefined && Number(found.value) !== SEARCH_INDEX_SCHEMA_VERSION) throw new SearchIndexVersionError(found.value);
  database.exec(`
    CREATE TABLE IF NOT EXISTS search_datasets (
      name TEXT PRIMARY KEY,
      source_position INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS docs (
      id INTEGER PRIMARY KEY,
      dataset TEXT NOT NULL,
      key TEXT NOT NULL,
      conversation_hash TEXT NOT NULL,
      model TEXT, language TEXT, country TEXT, state TEXT, hashed_ip TEXT,
      toxic INTEGER, redacted INTEGER, jailbreak TEXT,
      moderation TEXT NOT NULL,
      turns INTEGER NOT NULL,
      month TEXT, timestamp TEXT
    );
    CREATE TABLE IF NOT EXISTS doc_records (
      id INTEGER PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      preview TEXT NOT NULL,
      record BLOB NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS docs_dataset_key ON docs (dataset, key);
    CREATE INDEX IF NOT EXISTS docs_conversation_hash ON docs (conversation_hash);
    -- Covers the user drill-down's timeline (month, country, model, language per conversation).
    CREATE INDEX IF NOT EXISTS docs_hashed_ip ON docs (hashed_ip, id, dataset, month, country, model, language);
    CREATE TABLE IF NOT EXISTS doc_turns (turn_identifier INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (turn_identifier, id)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS doc_turns_id ON doc_turns (id);
    CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(
      first_user, first_assistant, rest_user, rest_assistant, tags,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    );
  `);
  if (found === undefined) database.prepare("INSERT INTO search_meta (key, value) VALUES ('schema_version', ?)").run(String(SEARCH_INDEX_SCHEMA_VERSION));
}
