/**
 * Turns the rows of the statistics queries (src/analytics/stats-sql.ts) into DatasetStatistics.
 * Every figure whose input the source lacks becomes a Measure with a reason.
 */
import type {
  ActivityPoint,
  CategoryCount,
  Counted,
  DatasetStatistics,
  Distributions,
  JailbreakFamily,
  LengthBin,
  RepeatedPrompt,
  RoleToxicity,
  Safety,
  TableOneColumn,
  TableOneRow,
  TokenizerUsed,
  ToxicityByValue,
  ValueCount,
} from './dataset-statistics.ts';
import { measured, missing, share, type Measure } from './measure.ts';
import { privacyGate } from './privacy-gate.ts';
import { categoryColumn } from './stats-sql.ts';
import type { SourceColumns } from './source-columns.ts';

export type Row = Readonly<Record<string, unknown>>;

export interface StatisticsRows {
  tableOne: readonly Row[];
  tokens: readonly Row[];
  models: readonly Row[];
  countries: readonly Row[];
  usStates: readonly Row[];
  conversationLanguages: readonly Row[];
  userMessageLanguages: readonly Row[];
  turns: readonly Row[];
  lengths: readonly Row[];
  conversationsPerUser: readonly Row[];
  activityByWeek: readonly Row[];
  activityByDay: readonly Row[];
  toxicityByRole: readonly Row[];
  categories: readonly Row[];
  toxicityByModel: readonly Row[];
  toxicityByLanguage: readonly Row[];
  toxicityByMonth: readonly Row[];
  jailbreaks: readonly Row[];
  flags: Row;
  /** null when the source has no users to gate on. */
  repeatedPrompts: readonly Row[] | null;
}

export interface AssembleContext {
  name: string;
  input: DatasetStatistics['input'];
  columns: SourceColumns;
  tokenizer: TokenizerUsed;
  k: number;
}

function num(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return 0;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

function isoTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  const parsed = new Date(String(value));
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString().replace('.000Z', 'Z');
}

function absentColumn(columns: SourceColumns, column: string, what: string): string | null {
  return columns.top.has(column) ? null : `the source has no ${column} column (${what})`;
}

function valueCounts(rows: readonly Row[], reason: string | null): Counted<ValueCount> {
  if (reason !== null) return { items: null, reason };
  const total = rows.reduce((sum, row) => sum + num(row.n), 0);
  const known = rows.filter((row) => row.value !== null && row.value !== undefined);
  if (known.length === 0) return { items: null, reason: 'no row carries a value' };
  return { items: rows.map((row) => ({ value: text(row.value), count: num(row.n), share: total > 0 ? num(row.n) / total : 0 })) };
}

function tableOneRow(row: Row, tokenRows: readonly Row[], context: AssembleContext): TableOneRow {
  const { columns, tokenizer } = context;
  const conversations = num(row.conversations);
  const users =
    absentColumn(columns, 'hashed_ip', 'no users to count') ?? (num(row.rows_with_user) === 0 ? 'no row carries a hashed_ip (no users to count)' : null);
  const languages =
    absentColumn(columns, 'language', 'no language identification') ??
    (num(row.rows_with_language) === 0 ? 'no row carries a language (run wildchat release to identify languages)' : null);
  const tokenMeasure = (isUser: boolean): Measure => {
    if (tokenizer.origin === 'none') return missing(tokenizer.note);
    const tokens = tokenRows.find((candidate) => candidate.is_user === isUser);
    if (tokens === undefined || num(tokens.n) === 0) return missing(`no ${isUser ? 'user' : 'assistant'} messages with token counts`);
    return measured(num(tokens.mean), num(tokens.std));
  };
  return {
    conversations: measured(conversations),
    users: users === null ? measured(num(row.users)) : missing(users),
    meanTurns: conversations > 0 ? measured(num(row.mean_turns)) : missing('no conversations'),
    userTokensPerTurn: tokenMeasure(true),
    assistantTokensPerTurn: tokenMeasure(false),
    languages: languages === null ? measured(num(row.languages)) : missing(languages),
  };
}

function roleToxicity(row: Row | undefined, columns: SourceColumns, role: string): RoleToxicity {
  const none = `no ${role} messages`;
  if (row === undefined) return { toxic: missing(none), moderationFlagged: missing(none), detoxifyToxic: missing(none) };
  const toxicReason = columns.message.has('toxic') ? `no ${role} message carries a toxic flag (run wildchat release)` : 'the messages have no toxic field';
  const moderationReason = columns.top.has('openai_moderation') ? `no ${role} message was moderated` : 'the source has no openai_moderation column';
  const detoxifyReason = columns.top.has('detoxify_moderation') ? `no ${role} message has Detoxify scores` : 'the source has no detoxify_moderation column';
  return {
    toxic: share(num(row.toxic), num(row.with_toxic), toxicReason),
    moderationFlagged: share(num(row.flagged), num(row.with_flagged), moderationReason),
    detoxifyToxic: share(num(row.detoxify_toxic), num(row.with_detoxify), detoxifyReason),
  };
}

function toxicityBy(rows: readonly Row[], reason: string | null): Counted<ToxicityByValue> {
  if (reason !== null) return { items: null, reason };
  if (rows.length === 0) return { items: null, reason: 'no message carries a toxic flag' };
  return {
    items: rows.map((row) => ({
      value: text(row.value),
      userMessages: num(row.user_messages),
      userToxicShare: share(num(row.user_toxic), num(row.user_messages), 'no user messages with a toxic flag'),
      assistantMessages: num(row.assistant_messages),
      assistantToxicShare: share(num(row.assistant_toxic), num(row.assistant_messages), 'no assistant messages with a toxic flag'),
    })),
  };
}

function categories(rows: readonly Row[], columns: SourceColumns): Counted<CategoryCount> {
  if (!columns.top.has('openai_moderation')) return { items: null, reason: 'the source has no openai_moderation column' };
  if (columns.moderationCategories.length === 0) return { items: null, reason: 'openai_moderation has no categories' };
  const user = rows.find((row) => row.is_user === true);
  const assistant = rows.find((row) => row.is_user === false);
  if (user === undefined || num(user.moderated) === 0) return { items: null, reason: 'no user message was moderated' };
  const items = columns.moderationCategories.map((category, index) => {
    const userCount = num(user[categoryColumn(index)]);
    return {
      category,
      userMessages: userCount,
      assistantMessages: assistant === undefined ? 0 : num(assistant[categoryColumn(index)]),
      userShare: userCount / num(user.moderated),
      shareOfFlaggedUser: num(user.flagged) > 0 ? userCount / num(user.flagged) : null,
    };
  });
  // WildChat-1M spells every category twice (self-harm and self_harm): keep the slash/hyphen one.
  const names = new Set(columns.moderationCategories);
  const duplicateSpelling = (category: string): boolean =>
    category.includes('_') &&
    (names.has(category.replaceAll('_', '/')) || names.has(category.replaceAll('_', '-')) || names.has(category.replace('_', '/').replaceAll('_', '-')));
  return { items: items.filter((item) => !duplicateSpelling(item.category)) };
}

function jailbreaks(rows: readonly Row[], flags: Row, columns: SourceColumns): Counted<JailbreakFamily> {
  if (!columns.annotations.has('jailbreak_tagged')) return { items: null, reason: 'no jailbreak annotations (run wildchat release)' };
  if (num(flags.with_jailbreak) === 0) return { items: null, reason: 'no row carries jailbreak annotations (run wildchat release)' };
  const hasUsers = columns.top.has('hashed_ip');
  return {
    items: rows.map((row) => ({
      family: text(row.family) ?? '(unnamed)',
      occurrences: num(row.occurrences),
      users: hasUsers && num(row.rows_with_user) > 0 ? measured(num(row.users)) : missing('no hashed_ip to count users'),
      successRate: share(num(row.succeeded), num(row.occurrences), 'no occurrences'),
    })),
  };
}

function lengthBins(rows: readonly Row[]): LengthBin[] {
  const bins = new Map<number, LengthBin>();
  for (const row of rows) {
    const bin = num(row.bin);
    const entry = bins.get(bin) ?? { from: bin === 0 ? 0 : 2 ** (bin - 1), to: bin === 0 ? 1 : 2 ** bin, user: 0, assistant: 0 };
    if (row.is_user === true) entry.user += num(row.n);
    else entry.assistant += num(row.n);
    bins.set(bin, entry);
  }
  return [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

function distributions(rows: StatisticsRows, columns: SourceColumns): Distributions {
  const turnsHistogram = rows.turns.map((row) => ({ turns: num(row.value), conversations: num(row.n) }));
  const total = turnsHistogram.reduce((sum, item) => sum + item.conversations, 0);
  const multi = turnsHistogram.filter((item) => item.turns > 1).reduce((sum, item) => sum + item.conversations, 0);
  const overTen = turnsHistogram.filter((item) => item.turns > 10).reduce((sum, item) => sum + item.conversations, 0);
  const noUsers = absentColumn(columns, 'hashed_ip', 'no users');
  const noTime = absentColumn(columns, 'timestamp', 'no dates');
  const perUser = rows.conversationsPerUser.map((row) => ({ conversations: num(row.value), users: num(row.users) }));
  const weeks: ActivityPoint[] = rows.activityByWeek.map((row) => ({
    week: text(row.week) ?? '',
    model: text(row.model) ?? '(none)',
    conversations: num(row.n),
  }));
  const days = rows.activityByDay.map((row) => ({ day: text(row.day) ?? '', conversations: num(row.n) }));
  const messageLanguageReason = columns.message.has('language') ? null : 'the messages have no language field';
  return {
    models: valueCounts(rows.models, absentColumn(columns, 'model', 'no model names')),
    countries: valueCounts(rows.countries, absentColumn(columns, 'country', 'no geolocation')),
    usStates: valueCounts(rows.usStates, absentColumn(columns, 'country', 'no geolocation') ?? absentColumn(columns, 'state', 'no states')),
    conversationLanguages: valueCounts(rows.conversationLanguages, absentColumn(columns, 'language', 'no language identification')),
    userMessageLanguages: valueCounts(rows.userMessageLanguages, messageLanguageReason),
    turns: {
      histogram: turnsHistogram,
      multiTurnShare: share(multi, total, 'no conversations'),
      overTenTurnsShare: share(overTen, total, 'no conversations'),
    },
    messageLengths: lengthBins(rows.lengths),
    conversationsPerUser:
      noUsers !== null ? { items: null, reason: noUsers } : perUser.length === 0 ? { items: null, reason: 'no row carries a hashed_ip' } : { items: perUser },
    activityByWeek:
      noTime !== null ? { items: null, reason: noTime } : weeks.length === 0 ? { items: null, reason: 'no row carries a timestamp' } : { items: weeks },
    activityByDay:
      noTime !== null ? { items: null, reason: noTime } : days.length === 0 ? { items: null, reason: 'no row carries a timestamp' } : { items: days },
  };
}

function safety(rows: StatisticsRows, context: AssembleContext): Safety {
  const { columns, k } = context;
  const flags = rows.flags;
  const toxicReason = columns.message.has('toxic') ? null : 'the messages have no toxic field';
  const piiReason = columns.piiTypes.length === 0 ? 'no PII annotations (run wildchat release)' : null;
  let repeated: Counted<RepeatedPrompt>;
  if (rows.repeatedPrompts === null)
    repeated = { items: null, reason: 'the source has no hashed_ip, so no prompt can be shown to come from enough distinct users' };
  else {
    const items = privacyGate(
      rows.repeatedPrompts.map((row) => ({ prompt: text(row.prompt) ?? '', conversations: num(row.conversations), users: num(row.users) })),
      k,
    );
    repeated = { items };
  }
  return {
    userMessages: roleToxicity(
      rows.toxicityByRole.find((row) => row.is_user === true),
      columns,
      'user',
    ),
    assistantMessages: roleToxicity(
      rows.toxicityByRole.find((row) => row.is_user === false),
      columns,
      'assistant',
    ),
    toxicConversations: share(
      num(flags.toxic),
      num(flags.with_toxic),
      columns.top.has('toxic') ? 'no row carries a toxic flag' : 'the source has no toxic column',
    ),
    categories: categories(rows.categories, columns),
    byModel: toxicityBy(rows.toxicityByModel, toxicReason ?? absentColumn(columns, 'model', 'no model names')),
    byLanguage: toxicityBy(rows.toxicityByLanguage, toxicReason ?? absentColumn(columns, 'language', 'no languages')),
    byMonth: toxicityBy(rows.toxicityByMonth, toxicReason ?? absentColumn(columns, 'timestamp', 'no dates')),
    jailbreaks: jailbreaks(rows.jailbreaks, flags, columns),
    jailbreakTaggedShare: share(num(flags.jailbreak_tagged), num(flags.with_jailbreak), 'no jailbreak annotations (run wildchat release)'),
    redactedShare: share(
      num(flags.redacted),
      num(flags.with_redacted),
      columns.top.has('redacted') ? 'no row carries a redacted flag' : 'the source has no redacted column',
    ),
    piiTypes:
      piiReason !== null ? { items: null, reason: piiReason } : { items: columns.piiTypes.map((type) => ({ type, entities: num(flags[`pii_${type}`]) })) },
    duplicateShare: share(
      num(flags.with_hash) - num(flags.distinct_hashes),
      num(flags.with_hash),
      columns.top.has('conversation_hash') ? 'no row carries a conversation_hash' : 'the source has no conversation_hash column',
    ),
    annotatedDuplicateShare: share(num(flags.duplicate_exact), num(flags.with_duplicate_exact), 'no duplicate annotations (run wildchat release)'),
    repeatedPrompts: repeated,
  };
}

function splitList(value: unknown): string[] {
  const joined = text(value);
  return joined === null || joined === '' ? [] : joined.split(', ');
}

export function assembleStatistics(rows: StatisticsRows, context: AssembleContext): DatasetStatistics {
  const tableOne: TableOneColumn[] = rows.tableOne.map((row) => ({
    dataset: context.name,
    group: text(row.grp),
    row: tableOneRow(
      row,
      rows.tokens.filter((tokenRow) => text(tokenRow.grp) === text(row.grp)),
      context,
    ),
  }));
  const first = rows.tableOne
    .map((row) => isoTime(row.first_time))
    .filter((value): value is string => value !== null)
    .sort();
  const last = rows.tableOne
    .map((row) => isoTime(row.last_time))
    .filter((value): value is string => value !== null)
    .sort();
  return {
    name: context.name,
    input: context.input,
    tokenizer: context.tokenizer,
    tableOne,
    distributions: distributions(rows, context.columns),
    safety: safety(rows, context),
    methods: {
      firstConversation: first[0] ?? null,
      lastConversation: last[last.length - 1] ?? null,
      moderationSources: splitList(rows.flags.moderation_sources),
      tokenEncodingsInData: splitList(rows.flags.token_encodings),
      moderationCategories: [...context.columns.moderationCategories],
    },
  };
}
