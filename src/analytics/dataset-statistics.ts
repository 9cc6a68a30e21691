/**
 * The statistics of one dataset, as `wildchat stats --format json` prints them (docs/stats.md
 * documents every field; `STATS_FORMAT_VERSION` changes when one changes meaning).
 */
import type { Measure } from './measure.ts';
import type { GroupBy } from './stats-sql.ts';

export const STATS_FORMAT_VERSION = 1;

export type TokenizerName = 'llama2' | 'o200k_base';
export type TokenizerChoice = 'auto' | 'dataset' | TokenizerName | 'none';

export interface TokenizerUsed {
  /** Tokenizer of the counts, or null when no tokens were counted. */
  name: TokenizerName | null;
  /** `dataset`: counts the data carries (annotations.message_tokens*); `counted`: counted here. */
  origin: 'dataset' | 'counted' | 'none';
  note: string;
}

/** The paper's Table 1 row for one dataset (or one group of it with --by). */
export interface TableOneRow {
  conversations: Measure;
  /** Distinct hashed IPs. */
  users: Measure;
  /** Mean user messages per conversation (a turn is a user message and its reply, as WildChat counts). */
  meanTurns: Measure;
  /** Tokens per user message: mean with population std. */
  userTokensPerTurn: Measure;
  /** Tokens per assistant message: mean with population std. */
  assistantTokensPerTurn: Measure;
  /** Distinct conversation languages, `Nolang` excluded. */
  languages: Measure;
}

export interface TableOneColumn {
  dataset: string;
  /** With --by: the group value ('other' pools the small ones, '(none)' the rows without one). */
  group: string | null;
  row: TableOneRow;
}

export interface ValueCount {
  value: string | null;
  count: number;
  share: number;
}

export interface Counted<T> {
  /** null with `reason` when the source lacks what is counted. */
  items: T[] | null;
  reason?: string;
}

export interface LengthBin {
  /** Lengths in [from, to) characters; the first bin is empty messages (0, 1). */
  from: number;
  to: number;
  user: number;
  assistant: number;
}

export interface ActivityPoint {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  model: string;
  conversations: number;
}

export interface Distributions {
  models: Counted<ValueCount>;
  countries: Counted<ValueCount>;
  usStates: Counted<ValueCount>;
  conversationLanguages: Counted<ValueCount>;
  userMessageLanguages: Counted<ValueCount>;
  turns: { histogram: { turns: number; conversations: number }[]; multiTurnShare: Measure; overTenTurnsShare: Measure };
  messageLengths: LengthBin[];
  conversationsPerUser: Counted<{ conversations: number; users: number }>;
  activityByWeek: Counted<ActivityPoint>;
  activityByDay: Counted<{ day: string; conversations: number }>;
}

export interface RoleToxicity {
  /** Share of messages the dataset's own `toxic` flag marks (moderation or Detoxify > 0.1). */
  toxic: Measure;
  /** Share flagged by OpenAI-style moderation (`openai_moderation[].flagged`). */
  moderationFlagged: Measure;
  /** Share with Detoxify toxicity > 0.1. */
  detoxifyToxic: Measure;
}

export interface CategoryCount {
  category: string;
  userMessages: number;
  assistantMessages: number;
  /** Share of moderated user messages flagged in this category. */
  userShare: number;
  /** Share among the moderation-flagged user messages (the paper's "88.51 % sexual"). */
  shareOfFlaggedUser: number | null;
}

export interface ToxicityByValue {
  value: string | null;
  userMessages: number;
  userToxicShare: Measure;
  assistantMessages: number;
  assistantToxicShare: Measure;
}

export interface JailbreakFamily {
  family: string;
  occurrences: number;
  users: Measure;
  successRate: Measure;
}

export interface RepeatedPrompt {
  prompt: string;
  conversations: number;
  users: number;
}

export interface Safety {
  userMessages: RoleToxicity;
  assistantMessages: RoleToxicity;
  toxicConversations: Measure;
  categories: Counted<CategoryCount>;
  byModel: Counted<ToxicityByValue>;
  byLanguage: Counted<ToxicityByValue>;
  byMonth: Counted<ToxicityByValue>;
  jailbreaks: Counted<JailbreakFamily>;
  jailbreakTaggedShare: Measure;
  redactedShare: Measure;
  piiTypes: Counted<{ type: string; entities: number }>;
  /** Rows whose conversation_hash appeared in an earlier row. */
  duplicateShare: Measure;
  /** Rows the release pipeline marked as exact copies of an earlier one. */
  annotatedDuplicateShare: Measure;
  /** Repeated first prompts, only those sent by at least k distinct users. */
  repeatedPrompts: Counted<RepeatedPrompt>;
}

export interface DatasetStatistics {
  name: string;
  input: { kind: 'store-collected' | 'store-dataset' | 'files'; files: number; formats: string[] };
  tokenizer: TokenizerUsed;
  tableOne: TableOneColumn[];
  distributions: Distributions;
  safety: Safety;
  methods: {
    firstConversation: string | null;
    lastConversation: string | null;
    moderationSources: string[];
    tokenEncodingsInData: string[];
    moderationCategories: string[];
  };
}

export interface StatsDocument {
  format: 'wildchat-stats';
  version: typeof STATS_FORMAT_VERSION;
  k: number;
  groupBy: GroupBy | null;
  datasets: DatasetStatistics[];
}
