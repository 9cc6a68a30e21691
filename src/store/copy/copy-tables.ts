/**
 * The tables a store copy moves, in dependency order, with their columns and key. Columns are
 * listed once and used on both sides, so a row reads back as the same values from SQLite and
 * PostgreSQL (and hashes the same for the checksum).
 */
export interface CopyTable {
  name: string;
  columns: readonly string[];
  /** Columns of the primary key, the order rows are read, compared and resumed in. */
  key: readonly string[];
  /** A single integer key: a resumed copy continues after the largest key already in the target. */
  integerKey: boolean;
  /** PostgreSQL identity column that must be set explicitly (OVERRIDING SYSTEM VALUE) and its sequence moved past the copy. */
  identity: string | null;
  /** Columns that are bytes (bytea / BLOB). */
  binary?: readonly string[];
}

const context = ['hashed_ip', 'ip_key_id', 'country', 'state', 'user_agent', 'accept_language'];

export const copyTables: readonly CopyTable[] = [
  {
    name: 'consents',
    columns: ['id', 'token_hash', 'terms_version', 'consented_at', ...context, 'withdrawn_at'],
    key: ['id'],
    integerKey: false,
    identity: null,
  },
  {
    name: 'conversations',
    columns: ['id', 'consent_id', 'title', 'system_prompt', 'source', 'created_at', 'updated_at'],
    key: ['id'],
    integerKey: false,
    identity: null,
  },
  {
    name: 'turns',
    columns: [
      'turn_identifier',
      'conversation_id',
      'consent_id',
      'parent_turn_id',
      'origin',
      'context_messages',
      'user_content',
      'assistant_content',
      ...context,
      'model_requested',
      'model_reported',
      'params',
      'upstream_id',
      'upstream_created',
      'system_fingerprint',
      'usage',
      'finish_reason',
      'status',
      'error',
      'received_at',
      'first_token_at',
      'completed_at',
      'last_token_at',
      'path_hash',
    ],
    key: ['turn_identifier'],
    integerKey: true,
    identity: 'turn_identifier',
  },
  {
    name: 'tombstones',
    columns: ['id', 'consent_id', 'conversation_id', 'reason', 'deleted_at'],
    key: ['id'],
    integerKey: true,
    identity: 'id',
  },
  { name: 'datasets', columns: ['id', 'name', 'created_at', 'license'], key: ['id'], integerKey: true, identity: 'id' },
  {
    name: 'dataset_records',
    columns: ['id', 'dataset_id', 'row_key', 'conversation_hash', 'model', 'language', 'timestamp', 'turn', 'record'],
    key: ['id'],
    integerKey: true,
    identity: 'id',
    binary: ['row_key'],
  },
  {
    name: 'annotation_cache',
    columns: ['stage', 'version', 'key', 'value', 'created_at'],
    key: ['stage', 'version', 'key'],
    integerKey: false,
    identity: null,
  },
];
