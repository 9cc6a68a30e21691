import type { Migration } from './migration.ts';

/**
 * Tables owned by src/store/sqlite (raw log: consents, conversations, turns, tombstones).
 * Mirrors src/schema/raw-records.ts. One column per field; JSON text only for the open-ended
 * values (params, usage, context_messages, error). STRICT tables so a wrong type fails loudly.
 */
const rawLogSchema = `
CREATE TABLE consents (
  id TEXT PRIMARY KEY NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  terms_version TEXT NOT NULL,
  consented_at INTEGER NOT NULL,
  hashed_ip TEXT NOT NULL,
  ip_key_id TEXT NOT NULL,
  country TEXT,
  state TEXT,
  user_agent TEXT,
  accept_language TEXT,
  withdrawn_at INTEGER
) STRICT;

CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL,
  consent_id TEXT NOT NULL REFERENCES consents(id),
  title TEXT,
  system_prompt TEXT,
  source TEXT NOT NULL CHECK (source IN ('native', 'openai')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- The sidebar list (newest first, per consent).
CREATE INDEX conversations_consent_updated ON conversations(consent_id, updated_at);
-- Keyset pagination for releases and exports.
CREATE INDEX conversations_created ON conversations(created_at, id);

CREATE TABLE turns (
  -- AUTOINCREMENT so an identifier is never reused after a deletion: released ids stay unique.
  turn_identifier INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  consent_id TEXT NOT NULL REFERENCES consents(id),
  parent_turn_id INTEGER REFERENCES turns(turn_identifier),
  origin TEXT NOT NULL CHECK (origin IN ('send', 'regenerate', 'edit', 'openai')),
  context_messages TEXT,
  user_content TEXT NOT NULL,
  assistant_content TEXT NOT NULL DEFAULT '',
  hashed_ip TEXT NOT NULL,
  ip_key_id TEXT NOT NULL,
  country TEXT,
  state TEXT,
  user_agent TEXT,
  accept_language TEXT,
  model_requested TEXT NOT NULL,
  model_reported TEXT,
  params TEXT NOT NULL,
  upstream_id TEXT,
  upstream_created INTEGER,
  system_fingerprint TEXT,
  usage TEXT,
  finish_reason TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'streaming', 'complete', 'stopped', 'client_aborted', 'upstream_error', 'interrupted')),
  error TEXT,
  received_at INTEGER NOT NULL,
  first_token_at INTEGER,
  completed_at INTEGER,
  path_hash TEXT
) STRICT;

-- The rowid (turn_identifier) is implicitly the last index column, so "latest first" needs no sort.
CREATE INDEX turns_consent_path_hash ON turns(consent_id, path_hash);
CREATE INDEX turns_conversation ON turns(conversation_id);
-- Deleting a turn must find its children for the parent_turn_id foreign key check.
CREATE INDEX turns_parent ON turns(parent_turn_id) WHERE parent_turn_id IS NOT NULL;
-- Only in-flight turns are indexed: markInterruptedTurns reads just those, and finished turns cost nothing.
CREATE INDEX turns_in_flight ON turns(status) WHERE status IN ('pending', 'streaming');

CREATE TABLE tombstones (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  consent_id TEXT NOT NULL REFERENCES consents(id),
  conversation_id TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('user_deleted_all', 'user_deleted_conversation', 'operator')),
  deleted_at INTEGER NOT NULL
) STRICT;

CREATE INDEX tombstones_consent ON tombstones(consent_id);
`;

export const rawLogMigrations: readonly Migration[] = [
  { id: '0001-raw-log', sql: rawLogSchema },
  // An interrupted turn's completed_at: when its last flushed token arrived.
  { id: '0002-turn-last-token', sql: 'ALTER TABLE turns ADD COLUMN last_token_at INTEGER;' },
];
