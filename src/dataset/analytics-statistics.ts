/**
 * Computes DatasetStatistics for an open statistics source: builds the two compact tables, runs
 * the queries of src/analytics/stats-sql.ts, counts tokens in TypeScript when the data carries
 * none, and hands the rows to the pure assembly. Progress is DuckDB's own query progress.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { assembleStatistics, type Row, type StatisticsRows } from '../analytics/assemble-statistics.ts';
import type { DatasetStatistics, TokenizerChoice, TokenizerName, TokenizerUsed } from '../analytics/dataset-statistics.ts';
import * as sql from '../analytics/stats-sql.ts';
import type { GroupBy, TablePlanOptions, TokenColumn } from '../analytics/stats-sql.ts';
import { explainDuckDbError, type StatsSourceSession } from './analytics-source.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';

export interface StatisticsOptions {
  groupBy: GroupBy | null;
  k: number;
  tokenizer: TokenizerChoice;
  /** Loads the token counter of a tokenizer, only when the data carries no counts; handed in by the job because dataset code never imports the pipeline. */
  loadCounter: (tokenizer: TokenizerName) => Promise<(text: string) => number>;
  /** Columns shown for --by (largest groups; the rest pooled as "other"). */
  maxGroups?: number;
  progress?: ProgressSink;
}

const MAX_GROUPS = 12;
const TOP_MODELS_IN_ACTIVITY = 6;
const REPEATED_PROMPTS_SHOWN = 25;

async function rows(connection: DuckDBConnection, query: string, session: StatsSourceSession, doing: string): Promise<Row[]> {
  try {
    return (await connection.runAndReadAll(query)).getRowObjectsJS() as Row[];
  } catch (error) {
    throw await explainDuckDbError(error, session.files.files, doing);
  }
}

/** Runs a statement while showing DuckDB's progress (percent of the scan) on `progress`. */
async function runWithProgress(session: StatsSourceSession, statement: string, label: string, progress: ProgressSink): Promise<void> {
  progress.begin(label, 100, 'percent');
  let shown = 0;
  const timer = setInterval(() => {
    const percentage = session.connection.progress.percentage;
    if (percentage > shown) {
      progress.advance(percentage - shown);
      shown = percentage;
    }
  }, 200);
  try {
    await session.connection.run(statement);
  } catch (error) {
    throw await explainDuckDbError(error, session.files.files, label);
  } finally {
    clearInterval(timer);
    if (shown < 100) progress.advance(100 - shown);
    progress.end();
  }
}

interface TokenPlan {
  column: TokenColumn;
  count: TokenizerName | null;
  used: TokenizerUsed;
}

async function tokenPlan(session: StatsSourceSession, choice: TokenizerChoice): Promise<TokenPlan> {
  if (choice === 'none') return { column: null, count: null, used: { name: null, origin: 'none', note: 'token counts turned off (--tokenizer none)' } };
  const { columns } = session;
  let llama = 0;
  let openai = 0;
  let encodings: string[] = [];
  if (columns.top.has('annotations') && columns.annotations.has('message_tokens')) {
    const [row] = await rows(
      session.connection,
      `SELECT count(annotations.message_tokens) AS openai, ${columns.annotations.has('message_tokens_llama2') ? 'count(annotations.message_tokens_llama2)' : '0'} AS llama,
         ${columns.annotations.has('token_encoding') ? "string_agg(DISTINCT annotations.token_encoding, ',')" : 'NULL'} AS encodings FROM stats_source`,
      session,
      'reading token annotations',
    );
    llama = Number(row?.llama ?? 0);
    openai = Number(row?.openai ?? 0);
    encodings = typeof row?.encodings === 'string' ? row.encodings.split(',') : [];
  }
  const everyRow = (count: number): boolean => session.rows > 0 && count === session.rows;
  const wantsLlama = choice === 'auto' || choice === 'dataset' || choice === 'llama2';
  const wantsOpenAI = choice === 'auto' || choice === 'dataset' || choice === 'o200k_base';
  if (wantsLlama && everyRow(llama)) {
    return {
      column: 'message_tokens_llama2',
      count: null,
      used: { name: 'llama2', origin: 'dataset', note: 'Llama-2 counts carried by the dataset (annotations.message_tokens_llama2)' },
    };
  }
  if (wantsOpenAI && everyRow(openai) && encodings.length === 1 && encodings[0] === 'o200k_base') {
    return {
      column: 'message_tokens',
      count: null,
      used: { name: 'o200k_base', origin: 'dataset', note: 'o200k_base counts carried by the dataset (annotations.message_tokens)' },
    };
  }
  if (choice === 'dataset') {
    return {
      column: null,
      count: null,
      used: { name: null, origin: 'none', note: 'the dataset carries no token counts for every row (pass --tokenizer llama2 or o200k_base to count them)' },
    };
  }
  const name: TokenizerName = choice === 'o200k_base' ? 'o200k_base' : 'llama2';
  const library = name === 'llama2' ? 'Llama-2 SentencePiece tokenizer (llama-tokenizer-js), no BOS token' : 'o200k_base (gpt-tokenizer ranks)';
  return { column: null, count: name, used: { name, origin: 'counted', note: `counted here with the ${library}` } };
}

interface Accumulator {
  n: number;
  mean: number;
  m2: number;
}

/** Streams the message texts once and keeps, per group and role, count, mean and variance (Welford). */
async function countTokens(
  session: StatsSourceSession,
  plan: TablePlanOptions,
  count: (text: string) => number,
  tokenizer: TokenizerName,
  messages: number,
  progress: ProgressSink,
): Promise<Row[]> {
  const accumulators = new Map<string, { grp: string | null; isUser: boolean; value: Accumulator }>();
  progress.begin(`counting tokens (${tokenizer})`, messages, 'messages');
  try {
    const result = await session.connection.stream(sql.messageTextsSql(session.columns, plan));
    for await (const batch of result.yieldRows()) {
      for (const [grp, isUser, content] of batch) {
        const group = grp === null || grp === undefined ? null : String(grp);
        const user = isUser === true;
        const key = `${user ? 'u' : 'a'}\u0000${group ?? '\u0001'}`;
        let entry = accumulators.get(key);
        if (entry === undefined) {
          entry = { grp: group, isUser: user, value: { n: 0, mean: 0, m2: 0 } };
          accumulators.set(key, entry);
        }
        const tokens = typeof content === 'string' ? count(content) : 0;
        const accumulator = entry.value;
        accumulator.n += 1;
        const delta = tokens - accumulator.mean;
        accumulator.mean += delta / accumulator.n;
        accumulator.m2 += delta * (tokens - accumulator.mean);
      }
      progress.advance(batch.length);
    }
  } catch (error) {
    throw await explainDuckDbError(error, session.files.files, 'reading message texts');
  } finally {
    progress.end();
  }
  return [...accumulators.values()].map(({ grp, isUser, value }) => ({
    grp,
    is_user: isUser,
    n: value.n,
    mean: value.mean,
    std: value.n > 0 ? Math.sqrt(value.m2 / value.n) : 0,
  }));
}

function bigintOf(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return null;
}

/**
 * Repeated first prompts: counted on the prompt hashes of the scan, then only the texts shown
 * (and those tied with the last) are read back from their first row. Without row positions
 * (JSONL), or when a text read back does not match its hash, the figure is computed from the
 * source again, as a second full pass.
 */
async function repeatedPrompts(session: StatsSourceSession, k: number, rowPositions: boolean): Promise<Row[]> {
  const read = (query: string, doing: string): Promise<Row[]> => rows(session.connection, query, session, doing);
  const fullPass = (): Promise<Row[]> => read(sql.repeatedPromptsSql(k, REPEATED_PROMPTS_SHOWN), 'repeated prompts');
  const found = await read(sql.repeatedPromptKeysSql(k, REPEATED_PROMPTS_SHOWN), 'repeated prompts');
  if (found.length === 0) return [];
  if (!rowPositions) return fullPass();
  const fileOf = new Map<bigint, string>();
  for (const row of await read(sql.fileHashesSql(session.files.files), 'naming files')) {
    const hash = bigintOf(row.file_hash);
    if (hash !== null) fileOf.set(hash, String(row.file));
  }
  const keys: sql.PromptKey[] = [];
  const rowsByFile = new Map<string, bigint[]>();
  for (const row of found) {
    const first = row.first_row as { source_row?: unknown; source_file?: unknown } | null;
    const promptHash = bigintOf(row.prompt_hash);
    const sourceRow = bigintOf(first?.source_row);
    const sourceFile = bigintOf(first?.source_file);
    const file = sourceFile === null ? undefined : fileOf.get(sourceFile);
    if (promptHash === null || sourceRow === null || file === undefined) return fullPass();
    keys.push({ promptHash, promptBytes: Number(row.prompt_bytes), conversations: Number(row.conversations), users: Number(row.users) });
    rowsByFile.set(file, [...(rowsByFile.get(file) ?? []), sourceRow]);
  }
  const texts = await read(sql.repeatedPromptTextsSql(keys, rowsByFile, keys.length), 'reading repeated prompts');
  // Every key must find its text again (a hash collision or a data column named "filename" would not).
  if (texts.length !== keys.length) return fullPass();
  return texts.slice(0, REPEATED_PROMPTS_SHOWN);
}

export async function computeStatistics(session: StatsSourceSession, options: StatisticsOptions): Promise<DatasetStatistics> {
  const progress = options.progress ?? SILENT_PROGRESS;
  const { connection, columns } = session;
  let groupValues: string[] = [];
  if (options.groupBy !== null) {
    const found = await rows(
      connection,
      sql.groupValuesSql(columns, options.groupBy, options.maxGroups ?? MAX_GROUPS),
      session,
      `grouping by ${options.groupBy}`,
    );
    groupValues = found.map((row) => String(row.value));
  }
  const tokens = await tokenPlan(session, options.tokenizer);
  const plan: TablePlanOptions = { groupBy: options.groupBy, groupValues, tokenColumn: tokens.column };
  const parquet = session.files.format === 'parquet';
  await runWithProgress(
    session,
    sql.scanTableSql(columns, plan, { relation: session.relation, rowPositions: parquet }),
    `${session.files.name}: reading conversations`,
    progress,
  );
  const read = (query: string, doing: string): Promise<Row[]> => rows(connection, query, session, doing);
  await read(sql.MESSAGES_TABLE_SQL, 'listing messages');
  for (const statement of sql.CONVERSATIONS_TABLE_SQL) await read(statement, 'listing conversations');
  let tokenRows: Row[];
  if (tokens.count !== null) {
    const [total] = await read('SELECT count(*) AS n FROM stats_messages WHERE is_user OR is_assistant', 'counting messages');
    tokenRows = await countTokens(session, plan, await options.loadCounter(tokens.count), tokens.count, Number(total?.n ?? 0), progress);
  } else {
    tokenRows = await read(sql.TOKENS_SQL, 'token statistics');
  }
  const topModels = (await read(sql.valueCountsSql('model', 'model IS NOT NULL'), 'models')).slice(0, TOP_MODELS_IN_ACTIVITY).map((row) => String(row.value));
  const [flags] = await read(sql.flagsSql(columns.piiTypes), 'flags');
  const statisticsRows: StatisticsRows = {
    tableOne: await read(sql.TABLE_ONE_SQL, 'Table 1'),
    tokens: tokenRows,
    models: await read(sql.valueCountsSql('model'), 'models'),
    countries: await read(sql.valueCountsSql('country'), 'countries'),
    usStates: await read(sql.US_STATES_SQL, 'US states'),
    conversationLanguages: await read(sql.valueCountsSql('language'), 'languages'),
    userMessageLanguages: await read(sql.MESSAGE_LANGUAGES_SQL, 'message languages'),
    turns: await read(sql.TURNS_HISTOGRAM_SQL, 'turns'),
    lengths: await read(sql.LENGTH_HISTOGRAM_SQL, 'message lengths'),
    conversationsPerUser: await read(sql.CONVERSATIONS_PER_USER_SQL, 'conversations per user'),
    activityByWeek: await read(sql.activitySql(topModels), 'activity by week'),
    activityByDay: await read(sql.ACTIVITY_DAYS_SQL, 'activity by day'),
    toxicityByRole: await read(sql.TOXICITY_BY_ROLE_SQL, 'toxicity'),
    categories: await read(sql.categoriesSql(columns.moderationCategories.length), 'moderation categories'),
    toxicityByModel: await read(sql.toxicityBySql('model'), 'toxicity by model'),
    toxicityByLanguage: await read(sql.toxicityBySql('language'), 'toxicity by language'),
    toxicityByMonth: await read(sql.toxicityBySql('month'), 'toxicity by month'),
    jailbreaks: await read(sql.JAILBREAKS_SQL, 'jailbreaks'),
    flags: flags ?? {},
    repeatedPrompts: columns.top.has('hashed_ip') ? await repeatedPrompts(session, options.k, parquet) : null,
  };
  return assembleStatistics(statisticsRows, {
    name: session.files.name,
    input: { kind: session.files.kind, files: session.files.files.length, formats: [session.files.format] },
    columns,
    tokenizer: tokens.used,
    k: options.k,
  });
}
