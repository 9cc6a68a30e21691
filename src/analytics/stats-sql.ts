/**
 * The statistics as SQL over two compact tables built from one pass over the source, so that the
 * message texts (Parquet / JSONL) are decoded once whatever the number of statistics. Pure:
 * strings in, strings out; src/dataset/analytics-statistics.ts runs them in DuckDB.
 *
 *   stats_source         the input relation (a view over the files)
 *   stats_scan           the one pass: conversation columns plus per-message lists (no text)
 *   stats_conversations  stats_scan without its lists: one row per conversation
 *   stats_messages       one row per message: role, length, language, toxicity, moderation bits, tokens
 */
import type { SourceColumns } from './source-columns.ts';

export type GroupBy = 'model' | 'language' | 'country' | 'month';
export const GROUP_BY_CHOICES: readonly GroupBy[] = ['model', 'language', 'country', 'month'];

/** Where per-message token counts come from. */
/** Where per-message token counts come from; null: not from the data (counted outside SQL, or none). */
export type TokenColumn = 'message_tokens' | 'message_tokens_llama2' | null;

export interface TablePlanOptions {
  groupBy: GroupBy | null;
  /** Group values shown as their own column; the rest are pooled as "other". */
  groupValues: readonly string[];
  tokenColumn: TokenColumn;
}

/** Detoxify's toxicity above this counts as toxic (WildChat's rule). */
export const DETOXIFY_TOXIC_THRESHOLD = 0.1;

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function topOr(columns: SourceColumns, name: string, type: string): string {
  return columns.top.has(name) ? `s.${quoteIdentifier(name)}` : `NULL::${type}`;
}

function annotationOr(columns: SourceColumns, name: string, type: string): string {
  return columns.top.has('annotations') && columns.annotations.has(name) ? `s.annotations.${quoteIdentifier(name)}` : `NULL::${type}`;
}

function timestampExpression(columns: SourceColumns): string {
  return columns.top.has('timestamp') ? `TRY_CAST(s."timestamp" AS TIMESTAMPTZ)` : 'NULL::TIMESTAMPTZ';
}

/** The raw group key of a source row (before pooling small groups). */
export function groupKeyExpression(columns: SourceColumns, groupBy: GroupBy | null): string {
  if (groupBy === null) return 'NULL::VARCHAR';
  if (groupBy === 'month') return `strftime(${timestampExpression(columns)}, '%Y-%m')`;
  return `CAST(${topOr(columns, groupBy, 'VARCHAR')} AS VARCHAR)`;
}

function pooledGroup(columns: SourceColumns, options: TablePlanOptions): string {
  if (options.groupBy === null) return 'NULL::VARCHAR';
  const key = groupKeyExpression(columns, options.groupBy);
  const listed = options.groupValues.map(sqlText).join(', ');
  return `CASE WHEN ${key} IS NULL THEN '(none)' WHEN ${listed.length === 0 ? 'false' : `${key} IN (${listed})`} THEN ${key} ELSE 'other' END`;
}

/** The most frequent group values, largest first (to choose the columns of `--by`). */
export function groupValuesSql(columns: SourceColumns, groupBy: GroupBy, limit: number): string {
  const key = groupKeyExpression(columns, groupBy);
  return `SELECT ${key} AS value, count(*) AS n FROM stats_source s WHERE ${key} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${limit}`;
}

/** Result column of moderation category `index` in categoriesSql (keys like "self-harm/intent" are not identifiers). */
export function categoryColumn(index: number): string {
  return `category_${index}`;
}

function messageField(columns: SourceColumns, name: string, type: string): string {
  return columns.message.has(name) ? `CAST(m.${quoteIdentifier(name)} AS ${type})` : `NULL::${type}`;
}

/** The per-message facts kept from each source list (no text), one struct per item. */
function messageFacts(columns: SourceColumns): string {
  return `list_transform(s.conversation, m -> {'is_user': m.role = 'user', 'is_assistant': m.role = 'assistant', 'chars': length(m.content), 'language': ${messageField(
    columns,
    'language',
    'VARCHAR',
  )}, 'toxic': ${messageField(columns, 'toxic', 'BOOLEAN')}})`;
}

/** Bits of a message's moderation in stats_messages.moderation_bits: bit 0 moderated (flagged known), bit 1 flagged, bit 2 + i category i. */
const MODERATED_BIT = 0;
const FLAGGED_BIT = 1;
const FIRST_CATEGORY_BIT = 2;
/** BIGINT holds 63 bits below the sign; OpenAI's moderation has 13 categories. */
export const MAX_MODERATION_CATEGORIES = 63 - FIRST_CATEGORY_BIT;

function bitValue(bit: number): string {
  return (1n << BigInt(bit)).toString();
}

/** The condition "bit is set" on stats_messages.moderation_bits (false for a message without moderation). */
export function moderationBitSet(bit: number): string {
  return `(moderation_bits & ${bitValue(bit)}) <> 0`;
}

export function categoryBitSet(index: number): string {
  return moderationBitSet(FIRST_CATEGORY_BIT + index);
}

/**
 * One BIGINT per message instead of a struct of booleans: a tenth of the width in stats_scan and
 * stats_messages, which at 1M conversations is what keeps the two tables within the memory limit.
 */
function moderationFacts(columns: SourceColumns): string {
  if (!columns.top.has('openai_moderation')) return 'NULL::BIGINT[]';
  if (columns.moderationCategories.length > MAX_MODERATION_CATEGORIES) {
    throw new Error(`openai_moderation has ${columns.moderationCategories.length} categories; statistics handle at most ${MAX_MODERATION_CATEGORIES}`);
  }
  const bit = (condition: string, index: number): string => `CASE WHEN ${condition} THEN ${bitValue(index)} ELSE 0 END`;
  const parts = [
    bit('mo.flagged IS NOT NULL', MODERATED_BIT),
    bit('CAST(mo.flagged AS BOOLEAN)', FLAGGED_BIT),
    ...columns.moderationCategories.map((category, index) => bit(`CAST(mo.categories.${quoteIdentifier(category)} AS BOOLEAN)`, FIRST_CATEGORY_BIT + index)),
  ];
  return `list_transform(s.openai_moderation, mo -> CAST(${parts.join(' | ')} AS BIGINT))`;
}

function detoxifyFacts(columns: SourceColumns): string {
  const hasDetoxify = columns.top.has('detoxify_moderation') && columns.detoxify.has('toxicity');
  return hasDetoxify ? `list_transform(s.detoxify_moderation, dx -> dx.toxicity > ${DETOXIFY_TOXIC_THRESHOLD})` : 'NULL::BOOLEAN[]';
}

/** What the scan reads: the source relation, and whether it has DuckDB's `filename` and `file_row_number` (Parquet). */
export interface ScanSource {
  relation: string;
  rowPositions: boolean;
}

/**
 * The one pass over the source: every figure that needs the messages (turns, lengths, message
 * languages, toxicity, moderation, tokens, the first prompt) takes it from here, because DuckDB
 * cannot read one field of a list of structs from Parquet: any use of `conversation` decodes every
 * message text, which is most of the cost of the statistics. The texts are not kept: the first
 * user prompt is kept as a 64-bit hash and its length in bytes (the repeated-prompt figure reads
 * back the few texts it shows), and `source_file` / `source_row` say where each row came from.
 *
 *   stats_scan   one row per conversation: group, model, time, user, place, flags, and the lists
 *                message_facts, moderation_facts, detoxify_toxic, tokens (unnested by messagesTableSql)
 */
export function scanTableSql(columns: SourceColumns, options: TablePlanOptions, source: ScanSource): string {
  const pii = columns.piiTypes.map(
    (type) => `${annotationOr(columns, 'pii_entity_counts', 'STRUCT(x INTEGER)')}.${quoteIdentifier(type)} AS ${quoteIdentifier(`pii_${type}`)}`,
  );
  const tokens = options.tokenColumn !== null ? `s.annotations.${options.tokenColumn}` : 'NULL::BIGINT[]';
  return `CREATE OR REPLACE TEMP TABLE stats_scan AS
SELECT * EXCLUDE (first_prompt),
  len(list_filter(message_facts, f -> f.is_user)) AS turns,
  CASE WHEN length(trim(first_prompt)) > 0 THEN hash(first_prompt) END AS first_prompt_hash,
  CASE WHEN length(trim(first_prompt)) > 0 THEN strlen(first_prompt) END AS first_prompt_bytes
FROM (
SELECT ${pooledGroup(columns, options)} AS grp,
  CAST(${topOr(columns, 'model', 'VARCHAR')} AS VARCHAR) AS model,
  ${timestampExpression(columns)} AS ts,
  CAST(${topOr(columns, 'hashed_ip', 'VARCHAR')} AS VARCHAR) AS hashed_ip,
  CAST(${topOr(columns, 'country', 'VARCHAR')} AS VARCHAR) AS country,
  CAST(${topOr(columns, 'state', 'VARCHAR')} AS VARCHAR) AS state,
  CAST(${topOr(columns, 'language', 'VARCHAR')} AS VARCHAR) AS language,
  CAST(${topOr(columns, 'toxic', 'BOOLEAN')} AS BOOLEAN) AS toxic,
  CAST(${topOr(columns, 'redacted', 'BOOLEAN')} AS BOOLEAN) AS redacted,
  CAST(${topOr(columns, 'conversation_hash', 'VARCHAR')} AS VARCHAR) AS conversation_hash,
  len(s.conversation) AS messages,
  CAST(${annotationOr(columns, 'jailbreak_family', 'VARCHAR')} AS VARCHAR) AS jailbreak_family,
  CAST(${annotationOr(columns, 'jailbreak_tagged', 'BOOLEAN')} AS BOOLEAN) AS jailbreak_tagged,
  CAST(${annotationOr(columns, 'jailbreak_succeeded', 'BOOLEAN')} AS BOOLEAN) AS jailbreak_succeeded,
  CAST(${annotationOr(columns, 'duplicate_conversation_exact', 'BOOLEAN')} AS BOOLEAN) AS duplicate_exact,
  CAST(${annotationOr(columns, 'moderation_source', 'VARCHAR')} AS VARCHAR) AS moderation_source,
  CAST(${annotationOr(columns, 'token_encoding', 'VARCHAR')} AS VARCHAR) AS token_encoding${pii.length > 0 ? `,\n  ${pii.join(',\n  ')}` : ''},
  ${source.rowPositions ? 'hash(s.filename) AS source_file, s.file_row_number AS source_row' : 'NULL::UBIGINT AS source_file, NULL::BIGINT AS source_row'},
  ${messageFacts(columns)} AS message_facts,
  ${moderationFacts(columns)} AS moderation_facts,
  ${detoxifyFacts(columns)} AS detoxify_toxic,
  CAST(${tokens} AS BIGINT[]) AS tokens,
  s.conversation[list_position(list_transform(message_facts, f -> f.is_user), true)].content AS first_prompt
FROM ${source.relation} s)`;
}

/** stats_scan becomes stats_conversations once its lists are in stats_messages (dropping a column frees it without copying the rest). */
export const CONVERSATIONS_TABLE_SQL: readonly string[] = [
  ...['message_facts', 'moderation_facts', 'detoxify_toxic', 'tokens'].map((column) => `ALTER TABLE stats_scan DROP COLUMN ${column}`),
  'DROP TABLE IF EXISTS stats_conversations',
  'ALTER TABLE stats_scan RENAME TO stats_conversations',
];

/**
 * One row per message, from the lists of stats_scan (as many rows as the longest list; the others
 * padded with NULL); the struct fields become columns: is_user, is_assistant, chars, language,
 * toxic, plus moderation_bits (see moderationFacts), detoxify_toxic and tokens.
 */
export const MESSAGES_TABLE_SQL = `CREATE OR REPLACE TEMP TABLE stats_messages AS
SELECT grp, model, language AS conversation_language, strftime(ts, '%Y-%m') AS month,
  unnest(message_facts, recursive := true), unnest(moderation_facts) AS moderation_bits, unnest(detoxify_toxic) AS detoxify_toxic, unnest(tokens) AS tokens
FROM stats_scan`;

/** Message texts with their group and role, for counting tokens outside SQL (nothing is stored). */
export function messageTextsSql(columns: SourceColumns, options: TablePlanOptions): string {
  return `SELECT grp, m.role = 'user' AS is_user, m.content AS content FROM (
  SELECT ${pooledGroup(columns, options)} AS grp, unnest(s.conversation) AS m FROM stats_source s
) WHERE m.role IN ('user', 'assistant')`;
}

// ---- statistics over the two tables -------------------------------------------------------

export const TABLE_ONE_SQL = `SELECT grp,
  count(*) AS conversations,
  count(DISTINCT hashed_ip) AS users,
  count(hashed_ip) AS rows_with_user,
  avg(turns) AS mean_turns,
  count(DISTINCT language) FILTER (WHERE language IS NOT NULL AND language <> 'Nolang') AS languages,
  count(language) AS rows_with_language,
  min(ts) AS first_time, max(ts) AS last_time, count(ts) AS rows_with_time
FROM stats_conversations GROUP BY grp ORDER BY grp NULLS FIRST`;

export const TOKENS_SQL = `SELECT grp, is_user, count(tokens) AS n, avg(tokens) AS mean, stddev_pop(tokens) AS std, count(*) AS messages
FROM stats_messages WHERE is_user OR is_assistant GROUP BY grp, is_user ORDER BY grp NULLS FIRST, is_user`;

/** Counts of one conversation column's values, largest first. */
export function valueCountsSql(column: 'model' | 'country' | 'language', where = 'true'): string {
  return `SELECT ${column} AS value, count(*) AS n FROM stats_conversations WHERE ${where} GROUP BY 1 ORDER BY n DESC, value NULLS LAST`;
}

export const US_STATES_SQL = `SELECT state AS value, count(*) AS n FROM stats_conversations WHERE country = 'United States' GROUP BY 1 ORDER BY n DESC, value NULLS LAST`;

export const MESSAGE_LANGUAGES_SQL = `SELECT language AS value, count(*) AS n FROM stats_messages WHERE is_user GROUP BY 1 ORDER BY n DESC, value NULLS LAST`;

export const TURNS_HISTOGRAM_SQL = `SELECT turns AS value, count(*) AS n FROM stats_conversations GROUP BY 1 ORDER BY 1`;

/** Power-of-two bins: bin 0 holds empty messages, bin b ≥ 1 lengths in [2^(b-1), 2^b). */
export const LENGTH_HISTOGRAM_SQL = `SELECT is_user, CASE WHEN chars = 0 THEN 0 ELSE CAST(floor(log2(chars)) AS INTEGER) + 1 END AS bin, count(*) AS n
FROM stats_messages WHERE is_user OR is_assistant GROUP BY 1, 2 ORDER BY 1, 2`;

export const CONVERSATIONS_PER_USER_SQL = `SELECT n AS value, count(*) AS users FROM (
  SELECT hashed_ip, count(*) AS n FROM stats_conversations WHERE hashed_ip IS NOT NULL GROUP BY 1
) GROUP BY 1 ORDER BY 1`;

/** Conversations per week and model (the models beyond `topModels` pooled). */
export function activitySql(topModels: readonly string[]): string {
  const listed = topModels.map(sqlText).join(', ');
  return `SELECT strftime(date_trunc('week', ts), '%Y-%m-%d') AS week,
  CASE WHEN model IS NULL THEN '(none)' WHEN ${listed.length === 0 ? 'false' : `model IN (${listed})`} THEN model ELSE 'other' END AS model,
  count(*) AS n
FROM stats_conversations WHERE ts IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`;
}

export const ACTIVITY_DAYS_SQL = `SELECT strftime(ts, '%Y-%m-%d') AS day, count(*) AS n FROM stats_conversations WHERE ts IS NOT NULL GROUP BY 1 ORDER BY 1`;

export const TOXICITY_BY_ROLE_SQL = `SELECT is_user,
  count(*) AS messages,
  count(toxic) AS with_toxic, count(*) FILTER (WHERE toxic) AS toxic,
  count(*) FILTER (WHERE ${moderationBitSet(MODERATED_BIT)}) AS with_flagged, count(*) FILTER (WHERE ${moderationBitSet(FLAGGED_BIT)}) AS flagged,
  count(detoxify_toxic) AS with_detoxify, count(*) FILTER (WHERE detoxify_toxic) AS detoxify_toxic
FROM stats_messages WHERE is_user OR is_assistant GROUP BY 1 ORDER BY 1`;

export function categoriesSql(categoryCount: number): string {
  if (categoryCount === 0) return 'SELECT NULL AS is_user WHERE false';
  const counts = Array.from({ length: categoryCount }, (_, index) => `count(*) FILTER (WHERE ${categoryBitSet(index)}) AS ${categoryColumn(index)}`);
  return `SELECT is_user, count(*) FILTER (WHERE ${moderationBitSet(MODERATED_BIT)}) AS moderated, count(*) FILTER (WHERE ${moderationBitSet(FLAGGED_BIT)}) AS flagged, ${counts.join(', ')}
FROM stats_messages WHERE is_user OR is_assistant GROUP BY 1 ORDER BY 1`;
}

/** Toxic share of user messages by a conversation column or by month. */
export function toxicityBySql(by: 'model' | 'language' | 'month'): string {
  const key = by === 'language' ? 'conversation_language' : by;
  return `SELECT ${key} AS value, count(*) FILTER (WHERE is_user AND toxic IS NOT NULL) AS user_messages,
  count(*) FILTER (WHERE is_user AND toxic) AS user_toxic,
  count(*) FILTER (WHERE is_assistant AND toxic IS NOT NULL) AS assistant_messages,
  count(*) FILTER (WHERE is_assistant AND toxic) AS assistant_toxic
FROM stats_messages
GROUP BY 1 HAVING count(*) FILTER (WHERE toxic IS NOT NULL) > 0 ORDER BY user_messages DESC, value NULLS LAST`;
}

export const JAILBREAKS_SQL = `SELECT jailbreak_family AS family, count(*) AS occurrences, count(DISTINCT hashed_ip) AS users, count(hashed_ip) AS rows_with_user,
  count(*) FILTER (WHERE jailbreak_succeeded) AS succeeded
FROM stats_conversations WHERE jailbreak_tagged GROUP BY 1 ORDER BY occurrences DESC, family NULLS LAST`;

export function flagsSql(piiTypes: readonly string[]): string {
  const pii = piiTypes.map((type) => `sum(${quoteIdentifier(`pii_${type}`)}) AS ${quoteIdentifier(`pii_${type}`)}`);
  return `SELECT count(*) AS conversations,
  count(redacted) AS with_redacted, count(*) FILTER (WHERE redacted) AS redacted,
  count(toxic) AS with_toxic, count(*) FILTER (WHERE toxic) AS toxic,
  count(conversation_hash) AS with_hash, count(DISTINCT conversation_hash) AS distinct_hashes,
  count(duplicate_exact) AS with_duplicate_exact, count(*) FILTER (WHERE duplicate_exact) AS duplicate_exact,
  count(jailbreak_tagged) AS with_jailbreak, count(*) FILTER (WHERE jailbreak_tagged) AS jailbreak_tagged,
  string_agg(DISTINCT moderation_source, ', ' ORDER BY moderation_source) AS moderation_sources,
  string_agg(DISTINCT token_encoding, ', ' ORDER BY token_encoding) AS token_encodings${pii.length > 0 ? `,\n  ${pii.join(', ')}` : ''}
FROM stats_conversations`;
}

/** A source's first user prompt, exactly as the figure defines it. */
const FIRST_PROMPT = `list_filter(s.conversation, m -> m.role = 'user')[1].content`;

/**
 * First user prompts sent in at least `k` conversations, with the number of distinct users who
 * sent each, read from the source (a second pass over the texts); the privacy gate
 * (src/analytics/privacy-gate.ts) decides what may be shown.
 */
export function repeatedPromptsSql(k: number, limit: number): string {
  return `SELECT prompt, count(*) AS conversations, count(DISTINCT hashed_ip) AS users FROM (
  SELECT ${FIRST_PROMPT} AS prompt, CAST(s.hashed_ip AS VARCHAR) AS hashed_ip FROM stats_source s
) WHERE prompt IS NOT NULL AND length(trim(prompt)) > 0
GROUP BY 1 HAVING count(DISTINCT hashed_ip) >= ${Math.max(1, Math.floor(k))} ORDER BY users DESC, conversations DESC, prompt LIMIT ${limit}`;
}

/**
 * The same figure from the prompt hashes of the scan: the prompts (hash and byte length) sent by
 * at least `k` distinct users, the `limit` largest and those tied with the last (the text breaks
 * such ties), each with the first source row that sent it, so only those texts are read back.
 */
export function repeatedPromptKeysSql(k: number, limit: number): string {
  return `SELECT first_prompt_hash AS prompt_hash, first_prompt_bytes AS prompt_bytes, count(*) AS conversations, count(DISTINCT hashed_ip) AS users,
  min({'source_row': source_row, 'source_file': source_file}) AS first_row
FROM stats_conversations WHERE first_prompt_hash IS NOT NULL GROUP BY 1, 2
HAVING count(DISTINCT hashed_ip) >= ${Math.max(1, Math.floor(k))}
QUALIFY rank() OVER (ORDER BY users DESC, conversations DESC) <= ${limit}`;
}

/** `hash(filename)` of each source file, to find the file of a stats_scan row. */
export function fileHashesSql(files: readonly string[]): string {
  return `SELECT file, hash(file) AS file_hash FROM unnest([${files.map(sqlText).join(', ')}]::VARCHAR[]) AS t(file)`;
}

export interface PromptKey {
  promptHash: bigint;
  promptBytes: number;
  conversations: number;
  users: number;
}

/**
 * The texts of the given prompt keys, read from the given rows of Parquet files (DuckDB reads
 * only the row groups holding them) and matched to their key again, largest first as
 * repeatedPromptsSql orders them; a row whose text does not match its key yields nothing.
 */
export function repeatedPromptTextsSql(keys: readonly PromptKey[], rowsByFile: ReadonlyMap<string, readonly bigint[]>, limit: number): string {
  const values = keys.map((key) => `(${key.promptHash.toString()}::UBIGINT, ${key.promptBytes}, ${key.conversations}, ${key.users})`).join(', ');
  const reads = [...rowsByFile].map(
    ([file, rows]) =>
      `SELECT ${FIRST_PROMPT} AS prompt FROM read_parquet([${sqlText(file)}]) s WHERE s.file_row_number IN (${rows.map((row) => row.toString()).join(', ')})`,
  );
  return `WITH prompt_keys(prompt_hash, prompt_bytes, conversations, users) AS (VALUES ${values}),
texts AS (${reads.join('\nUNION ALL\n')})
SELECT DISTINCT t.prompt, k.conversations, k.users FROM texts t JOIN prompt_keys k ON hash(t.prompt) = k.prompt_hash AND strlen(t.prompt) = k.prompt_bytes
ORDER BY users DESC, conversations DESC, prompt LIMIT ${limit}`;
}
