/**
 * The statistics as SQL over two compact tables built once from the source, so that the source
 * (Parquet / JSONL with the message texts) is scanned only a few times whatever the number of
 * statistics. Pure: strings in, strings out; src/dataset/analytics-source.ts runs them in DuckDB.
 *
 *   stats_source         the input relation (a view over the files)
 *   stats_conversations  one row per conversation: group, model, time, user, place, flags
 *   stats_messages       one row per message: role, length, language, toxicity, categories, tokens
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

export function conversationsTableSql(columns: SourceColumns, options: TablePlanOptions): string {
  const userCount = `len(list_filter(s.conversation, m -> m.role = 'user'))`;
  const pii = columns.piiTypes.map(
    (type) => `${annotationOr(columns, 'pii_entity_counts', 'STRUCT(x INTEGER)')}.${quoteIdentifier(type)} AS ${quoteIdentifier(`pii_${type}`)}`,
  );
  return `CREATE OR REPLACE TEMP TABLE stats_conversations AS
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
  ${userCount} AS turns,
  len(s.conversation) AS messages,
  CAST(${annotationOr(columns, 'jailbreak_family', 'VARCHAR')} AS VARCHAR) AS jailbreak_family,
  CAST(${annotationOr(columns, 'jailbreak_tagged', 'BOOLEAN')} AS BOOLEAN) AS jailbreak_tagged,
  CAST(${annotationOr(columns, 'jailbreak_succeeded', 'BOOLEAN')} AS BOOLEAN) AS jailbreak_succeeded,
  CAST(${annotationOr(columns, 'duplicate_conversation_exact', 'BOOLEAN')} AS BOOLEAN) AS duplicate_exact,
  CAST(${annotationOr(columns, 'moderation_source', 'VARCHAR')} AS VARCHAR) AS moderation_source,
  CAST(${annotationOr(columns, 'token_encoding', 'VARCHAR')} AS VARCHAR) AS token_encoding${pii.length > 0 ? `,\n  ${pii.join(',\n  ')}` : ''}
FROM stats_source s`;
}

/** Column name of moderation category `index` in stats_messages (keys like "self-harm/intent" are not identifiers). */
export function categoryColumn(index: number): string {
  return `category_${index}`;
}

function messageField(columns: SourceColumns, name: string, type: string): string {
  return columns.message.has(name) ? `CAST(u.m.${quoteIdentifier(name)} AS ${type})` : `NULL::${type}`;
}

export function messagesTableSql(columns: SourceColumns, options: TablePlanOptions): string {
  const hasModeration = columns.top.has('openai_moderation');
  const hasDetoxify = columns.top.has('detoxify_moderation') && columns.detoxify.has('toxicity');
  const tokens = options.tokenColumn !== null ? `unnest(s.annotations.${options.tokenColumn}) AS tokens` : 'NULL::BIGINT AS tokens';
  const categories = columns.moderationCategories.map(
    (category, index) => `CAST(u.mo.categories.${quoteIdentifier(category)} AS BOOLEAN) AS ${categoryColumn(index)}`,
  );
  return `CREATE OR REPLACE TEMP TABLE stats_messages AS
WITH unnested AS (
  SELECT ${pooledGroup(columns, options)} AS grp,
    CAST(${topOr(columns, 'model', 'VARCHAR')} AS VARCHAR) AS model,
    CAST(${topOr(columns, 'language', 'VARCHAR')} AS VARCHAR) AS conversation_language,
    strftime(${timestampExpression(columns)}, '%Y-%m') AS month,
    unnest(s.conversation) AS m,
    ${hasModeration ? 'unnest(s.openai_moderation)' : 'NULL'} AS mo,
    ${hasDetoxify ? 'unnest(s.detoxify_moderation)' : 'NULL'} AS dx,
    ${tokens}
  FROM stats_source s
)
SELECT u.grp, u.model, u.conversation_language, u.month,
  u.m.role = 'user' AS is_user,
  u.m.role = 'assistant' AS is_assistant,
  length(u.m.content) AS chars,
  ${messageField(columns, 'language', 'VARCHAR')} AS language,
  ${messageField(columns, 'toxic', 'BOOLEAN')} AS toxic,
  ${hasModeration ? 'CAST(u.mo.flagged AS BOOLEAN)' : 'NULL::BOOLEAN'} AS flagged,
  ${hasDetoxify ? `u.dx.toxicity > ${DETOXIFY_TOXIC_THRESHOLD}` : 'NULL::BOOLEAN'} AS detoxify_toxic,
  u.tokens${categories.length > 0 ? `,\n  ${categories.join(',\n  ')}` : ''}
FROM unnested u`;
}

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
  count(flagged) AS with_flagged, count(*) FILTER (WHERE flagged) AS flagged,
  count(detoxify_toxic) AS with_detoxify, count(*) FILTER (WHERE detoxify_toxic) AS detoxify_toxic
FROM stats_messages WHERE is_user OR is_assistant GROUP BY 1 ORDER BY 1`;

export function categoriesSql(categoryCount: number): string {
  if (categoryCount === 0) return 'SELECT NULL AS is_user WHERE false';
  const counts = Array.from({ length: categoryCount }, (_, index) => `count(*) FILTER (WHERE ${categoryColumn(index)}) AS ${categoryColumn(index)}`);
  return `SELECT is_user, count(flagged) AS moderated, count(*) FILTER (WHERE flagged) AS flagged, ${counts.join(', ')}
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

/**
 * First user prompts sent in at least `k` conversations, with the number of distinct users who
 * sent each; the privacy gate (src/analytics/privacy-gate.ts) decides what may be shown.
 */
export function repeatedPromptsSql(k: number, limit: number): string {
  return `SELECT prompt, count(*) AS conversations, count(DISTINCT hashed_ip) AS users FROM (
  SELECT list_filter(s.conversation, m -> m.role = 'user')[1].content AS prompt, CAST(s.hashed_ip AS VARCHAR) AS hashed_ip FROM stats_source s
) WHERE prompt IS NOT NULL AND length(trim(prompt)) > 0
GROUP BY 1 HAVING count(DISTINCT hashed_ip) >= ${Math.max(1, Math.floor(k))} ORDER BY users DESC, conversations DESC, prompt LIMIT ${limit}`;
}
