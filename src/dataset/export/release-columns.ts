/**
 * The column types of an exported dataset, defined once and rendered two ways: as DuckDB types
 * (to write Parquet with WildChat-1M's exact nested types) and as Hugging Face `features` for the
 * dataset card. `wildchat-1m` is the 14 WildChat-1M columns; `extended` adds ours.
 */
import { DETOXIFY_KEYS, MODERATION_CATEGORIES_1M, MODERATION_CATEGORIES_OMNI, PII_COUNT_FIELDS } from '../../schema/release-record.ts';

export type ColumnType =
  | { kind: 'string' }
  | { kind: 'int64' }
  | { kind: 'int32' }
  | { kind: 'bool' }
  | { kind: 'float64' }
  | { kind: 'timestamp' }
  | { kind: 'list'; of: ColumnType }
  | { kind: 'struct'; fields: readonly Column[] };

export interface Column {
  name: string;
  type: ColumnType;
}

export const EXPORT_SCHEMAS = ['extended', 'wildchat-1m'] as const;
export type ExportSchema = (typeof EXPORT_SCHEMAS)[number];

const string: ColumnType = { kind: 'string' };
const int64: ColumnType = { kind: 'int64' };
const int32: ColumnType = { kind: 'int32' };
const bool: ColumnType = { kind: 'bool' };
const float64: ColumnType = { kind: 'float64' };
const timestamp: ColumnType = { kind: 'timestamp' };
const list = (of: ColumnType): ColumnType => ({ kind: 'list', of });
const struct = (fields: readonly Column[]): ColumnType => ({ kind: 'struct', fields });
const column = (name: string, type: ColumnType): Column => ({ name, type });

const header = struct([column('accept-language', string), column('user-agent', string)]);

const message = struct([
  column('content', string),
  column('country', string),
  column('hashed_ip', string),
  column('header', header),
  column('language', string),
  column('redacted', bool),
  column('role', string),
  column('state', string),
  column('timestamp', timestamp),
  column('toxic', bool),
  column('turn_identifier', int64),
]);

function moderation(categories: readonly string[], appliedTypes: boolean): ColumnType {
  const fields = [
    column('categories', struct(categories.map((key) => column(key, bool)))),
    column('category_scores', struct(categories.map((key) => column(key, float64)))),
  ];
  if (appliedTypes) fields.push(column('category_applied_input_types', struct(categories.map((key) => column(key, list(string))))));
  fields.push(column('flagged', bool));
  return struct(fields);
}

const detoxify = struct(DETOXIFY_KEYS.map((key) => column(key, float64)));

function wildChatColumns(moderationType: ColumnType): Column[] {
  return [
    column('conversation_hash', string),
    column('model', string),
    column('timestamp', timestamp),
    column('conversation', list(message)),
    column('turn', int64),
    column('language', string),
    column('openai_moderation', list(moderationType)),
    column('detoxify_moderation', list(detoxify)),
    column('toxic', bool),
    column('redacted', bool),
    column('state', string),
    column('country', string),
    column('hashed_ip', string),
    column('header', header),
  ];
}

const branch = struct([
  column('index', int32),
  column('count', int32),
  column('kept', bool),
  column('shared_messages', int32),
  column('leaf_turn_identifier', int64),
]);

const turnDetail = struct([
  column('model', string),
  column('status', string),
  column('finish_reason', string),
  column('created', int64),
  column('openai_id', string),
  column('system_fingerprint', string),
  column('temperature', float64),
  column('top_p', float64),
  column('token_counter', int64),
  column('prompt_tokens', int64),
  column('completion_tokens', int64),
  column('total_tokens', int64),
]);

const piiCounts = struct(PII_COUNT_FIELDS.map((field) => column(field, int32)));

/** Release pipeline annotations (releaseAnnotationsSchema). */
const annotations = struct([
  column('moderation_source', string),
  column('detoxify_source', string),
  column('language_code_switching', bool),
  column('message_language_confidence', list(float64)),
  column('message_language_unsure', list(bool)),
  column('token_encoding', string),
  column('message_tokens', list(int64)),
  column('conversation_tokens', int64),
  column('message_tokens_llama2', list(int64)),
  column('conversation_tokens_llama2', int64),
  column('message_pii_entity_counts', list(piiCounts)),
  column('pii_entity_counts', piiCounts),
  column('pii_common_entities_kept', int32),
  column('jailbreak_family', string),
  column('jailbreak_score', float64),
  column('jailbreak_tagged', bool),
  column('jailbreak_succeeded', bool),
  column('jailbreak_message_index', int32),
  column('duplicate_conversation_cluster', string),
  column('duplicate_conversation_cluster_size', int32),
  column('duplicate_conversation_exact', bool),
  column('duplicate_first_turn_cluster', string),
  column('duplicate_first_turn_cluster_size', int32),
  column('duplicate_first_turn_exact', bool),
]);

export const EXPORT_COLUMNS: Record<ExportSchema, readonly Column[]> = {
  'wildchat-1m': wildChatColumns(moderation(MODERATION_CATEGORIES_1M, false)),
  // The extended schema keeps omni-moderation's extra categories and applied input types.
  extended: [
    ...wildChatColumns(moderation(MODERATION_CATEGORIES_OMNI, true)),
    column('schema_version', int32),
    column('conversation_id', string),
    column('source', string),
    column('system_prompt', string),
    column('consent_terms_version', string),
    column('branch', branch),
    column('turn_details', list(turnDetail)),
    // JSON text of the fields we have no column for.
    column('extra', string),
    column('annotations', annotations),
  ],
};

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function duckDbType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'int64':
      return 'BIGINT';
    case 'int32':
      return 'INTEGER';
    case 'bool':
      return 'BOOLEAN';
    case 'float64':
      return 'DOUBLE';
    case 'timestamp':
      return 'TIMESTAMPTZ';
    case 'list':
      return `${duckDbType(type.of)}[]`;
    case 'struct':
      return `STRUCT(${type.fields.map((field) => `${quoteIdentifier(field.name)} ${duckDbType(field.type)}`).join(', ')})`;
  }
}

/** `columns={...}` argument of DuckDB's read_json. */
export function duckDbColumnsArgument(columns: readonly Column[]): string {
  return `{${columns.map((item) => `'${item.name.replaceAll("'", "''")}': '${duckDbType(item.type).replaceAll("'", "''")}'`).join(', ')}}`;
}

const HF_DTYPE: Record<string, string> = {
  string: 'string',
  int64: 'int64',
  int32: 'int32',
  bool: 'bool',
  float64: 'float64',
  timestamp: 'timestamp[us, tz=UTC]',
};

function yamlKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : JSON.stringify(name);
}

/** Hugging Face `features` YAML for one column (list<struct> as `list:` of fields, as on the Hub). */
function hfFeatureLines(item: Column, indent: string): string[] {
  const lines = [`${indent}- name: ${yamlKey(item.name)}`];
  lines.push(...hfTypeLines(item.type, indent + '  '));
  return lines;
}

function hfTypeLines(type: ColumnType, indent: string): string[] {
  if (type.kind === 'struct') return [`${indent}struct:`, ...type.fields.flatMap((field) => hfFeatureLines(field, indent))];
  if (type.kind === 'list') {
    if (type.of.kind === 'struct') return [`${indent}list:`, ...type.of.fields.flatMap((field) => hfFeatureLines(field, indent))];
    if (type.of.kind === 'list') return [`${indent}sequence:`, ...hfTypeLines(type.of, indent + '  ')];
    return [`${indent}sequence: ${HF_DTYPE[type.of.kind]}`];
  }
  return [`${indent}dtype: ${HF_DTYPE[type.kind]}`];
}

export function hfFeaturesYaml(columns: readonly Column[], indent: string): string[] {
  return columns.flatMap((item) => hfFeatureLines(item, indent));
}
