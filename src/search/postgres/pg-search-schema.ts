/**
 * Tables of the PostgreSQL search index, beside the store's tables in the same database (all
 * prefixed search_). Derived data: rebuilt from the datasets at any time, so the layout carries a
 * version and an index of another version is dropped and rebuilt rather than migrated.
 *
 * - search_docs.words: one tsvector ('simple' config, no stemming or stop words) of the four
 *   texts, weighted A first user message, B first reply, C later user messages, D later replies,
 *   so role: and turn: scopes are weight restrictions on one GIN index.
 * - search_docs.body: the whole conversation lower-cased with punctuation folded to spaces,
 *   under a pg_trgm GIN index: a necessary condition for phrases and CJK substrings that lets the
 *   planner skip the phrase recheck of documents that only contain the words apart.
 */
import type pg from 'pg';

export const PG_SEARCH_SCHEMA_VERSION = 1;

/** One lock id for "someone is creating the search tables" (an arbitrary constant). */
const SCHEMA_LOCK = 7_311_402_118;

export async function createPgSearchSchema(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
  await client.query('CREATE TABLE IF NOT EXISTS search_meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)');
  const found = await client.query<{ value: string }>("SELECT value FROM search_meta WHERE key = 'schema_version'");
  const version = found.rows[0]?.value;
  if (version !== undefined && Number(version) !== PG_SEARCH_SCHEMA_VERSION) {
    // Derived data written by another layout: start again (wildchat index refills it).
    await client.query('DROP TABLE IF EXISTS search_turns, search_docs, search_datasets');
    await client.query('DELETE FROM search_meta');
  }
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await client.query(`
    CREATE TABLE IF NOT EXISTS search_datasets (
      name text COLLATE "C" PRIMARY KEY,
      source_position bigint NOT NULL DEFAULT 0,
      updated_at bigint NOT NULL
    );
    CREATE TABLE IF NOT EXISTS search_docs (
      id bigint PRIMARY KEY,
      dataset text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      conversation_hash text COLLATE "C" NOT NULL,
      model text COLLATE "C", language text COLLATE "C", country text COLLATE "C", state text COLLATE "C", hashed_ip text COLLATE "C",
      toxic boolean, redacted boolean, jailbreak text COLLATE "C",
      moderation text COLLATE "C" NOT NULL,
      turns integer NOT NULL,
      month text COLLATE "C", timestamp text,
      preview text NOT NULL,
      fingerprint text NOT NULL,
      record bytea NOT NULL,
      words tsvector NOT NULL,
      body text NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS search_docs_dataset_key ON search_docs (dataset, key);
    CREATE INDEX IF NOT EXISTS search_docs_conversation_hash ON search_docs (conversation_hash);
    CREATE INDEX IF NOT EXISTS search_docs_hashed_ip ON search_docs (hashed_ip, id);
    CREATE INDEX IF NOT EXISTS search_docs_words ON search_docs USING gin (words);
    CREATE INDEX IF NOT EXISTS search_docs_body ON search_docs USING gin (body gin_trgm_ops);
    CREATE TABLE IF NOT EXISTS search_turns (
      turn_identifier bigint NOT NULL,
      id bigint NOT NULL REFERENCES search_docs (id) ON DELETE CASCADE,
      PRIMARY KEY (turn_identifier, id)
    );
    CREATE INDEX IF NOT EXISTS search_turns_id ON search_turns (id);
  `);
  await client.query("INSERT INTO search_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [
    String(PG_SEARCH_SCHEMA_VERSION),
  ]);
}
