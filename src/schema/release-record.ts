/**
 * The release record: one row of a released dataset. The first 14 fields are WildChat-1M's,
 * field for field, with the same types and null conventions (see docs/dataset-format.md):
 * user messages carry hashed_ip / country / state / header and a null timestamp; assistant
 * messages carry the timestamp and null network fields; a message with empty content gets an
 * empty moderation object `{}`. Fields the annotating pipeline fills (language, toxic,
 * redacted, moderation) are null until it has run.
 *
 * The remaining fields are ours ("extended" columns). `--schema wildchat-1m` drops them.
 * Timestamps are ISO 8601 UTC strings (`2023-04-09T00:02:53Z`, fraction only when non-zero).
 */
import { z } from 'zod';

/** Bump when a field is added, removed or changes meaning; written into every row. */
export const RELEASE_SCHEMA_VERSION = 1;

/** WildChat-1M's OpenAI moderation categories (slash and underscore spellings, as released). */
export const MODERATION_CATEGORIES_1M = [
  'harassment',
  'harassment/threatening',
  'harassment_threatening',
  'hate',
  'hate/threatening',
  'hate_threatening',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'self_harm',
  'self_harm_instructions',
  'self_harm_intent',
  'sexual',
  'sexual/minors',
  'sexual_minors',
  'violence',
  'violence/graphic',
  'violence_graphic',
] as const;

/** omni-moderation (WildChat-4.8M) adds these three. */
export const MODERATION_CATEGORIES_OMNI = [...MODERATION_CATEGORIES_1M, 'illicit', 'illicit/violent', 'illicit_violent'] as const;

export const DETOXIFY_KEYS = ['identity_attack', 'insult', 'obscene', 'severe_toxicity', 'sexual_explicit', 'threat', 'toxicity'] as const;

/** The 14 WildChat-1M columns, in the order the Hugging Face dataset lists them. */
export const WILDCHAT_1M_COLUMNS = [
  'conversation_hash',
  'model',
  'timestamp',
  'conversation',
  'turn',
  'language',
  'openai_moderation',
  'detoxify_moderation',
  'toxic',
  'redacted',
  'state',
  'country',
  'hashed_ip',
  'header',
] as const;

/** Our additional columns, written after the WildChat ones. */
export const EXTENDED_COLUMNS = [
  'schema_version',
  'conversation_id',
  'source',
  'system_prompt',
  'consent_terms_version',
  'branch',
  'turn_details',
  'extra',
  'annotations',
] as const;

export const RELEASE_COLUMNS = [...WILDCHAT_1M_COLUMNS, ...EXTENDED_COLUMNS] as const;
export type ReleaseColumn = (typeof RELEASE_COLUMNS)[number];

/** Canonical timestamp text: UTC, `Z`, optional fraction of up to 6 digits. */
export const releaseTimestampSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/);

export const headerSchema = z.object({
  'accept-language': z.string().nullable(),
  'user-agent': z.string().nullable(),
});
export type ReleaseHeader = z.infer<typeof headerSchema>;

export const releaseMessageSchema = z.object({
  content: z.string(),
  country: z.string().nullable(),
  hashed_ip: z.string().nullable(),
  header: headerSchema.nullable(),
  language: z.string().nullable(),
  redacted: z.boolean().nullable(),
  role: z.string(),
  state: z.string().nullable(),
  timestamp: releaseTimestampSchema.nullable(),
  toxic: z.boolean().nullable(),
  turn_identifier: z.number().int().nullable(),
});
export type ReleaseMessage = z.infer<typeof releaseMessageSchema>;

/**
 * One OpenAI moderation result, or `{}` for empty content. Only non-null keys are kept, so a
 * record read back from Parquet (where absent categories are null) equals the one written.
 */
export const openAiModerationSchema = z.object({
  categories: z.record(z.string(), z.boolean()).optional(),
  category_scores: z.record(z.string(), z.number()).optional(),
  category_applied_input_types: z.record(z.string(), z.array(z.string())).optional(),
  flagged: z.boolean().optional(),
});
export type OpenAiModeration = z.infer<typeof openAiModerationSchema>;

/** Detoxify scores, or `{}` for empty content. */
export const detoxifyScoresSchema = z.record(z.string(), z.number());
export type DetoxifyScores = z.infer<typeof detoxifyScoresSchema>;

export const branchInfoSchema = z.object({
  /** 0-based position of this root-to-leaf path among the conversation's paths. */
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** The path ending at the most recently created leaf (what the user last continued). */
  kept: z.boolean(),
  /** Number of leading messages this path shares with the kept path. */
  shared_messages: z.number().int().nonnegative(),
  leaf_turn_identifier: z.number().int().nullable(),
});
export type BranchInfo = z.infer<typeof branchInfoSchema>;

/** Per-message details beyond WildChat-1M (WildChat-4.8M's richer fields and our own). */
export const turnDetailSchema = z.object({
  model: z.string().nullable(),
  status: z.string().nullable(),
  finish_reason: z.string().nullable(),
  created: z.number().int().nullable(),
  openai_id: z.string().nullable(),
  system_fingerprint: z.string().nullable(),
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  token_counter: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  total_tokens: z.number().int().nullable(),
});
export type TurnDetail = z.infer<typeof turnDetailSchema>;

export const EMPTY_TURN_DETAIL: TurnDetail = Object.freeze({
  model: null,
  status: null,
  finish_reason: null,
  created: null,
  openai_id: null,
  system_fingerprint: null,
  temperature: null,
  top_p: null,
  token_counter: null,
  prompt_tokens: null,
  completion_tokens: null,
  total_tokens: null,
});

/** Entity types the PII stage counts, as lower-case field names (src/pipeline/pii's PII_ENTITY_TYPES). */
export const PII_COUNT_FIELDS = [
  'email_address',
  'phone_number',
  'credit_card',
  'iban_code',
  'ip_address',
  'us_ssn',
  'crypto',
  'url',
  'person',
  'secret',
  'street_address',
  'location',
  'passport',
  'driver_license',
] as const;
export const piiEntityCountsSchema = z.object(
  Object.fromEntries(PII_COUNT_FIELDS.map((field) => [field, z.number().int().nonnegative()])) as Record<(typeof PII_COUNT_FIELDS)[number], z.ZodNumber>,
);
export type PiiEntityCounts = z.infer<typeof piiEntityCountsSchema>;

/**
 * What the release pipeline adds beyond WildChat's columns (`wildchat release`). Names say what
 * they hold; lists are aligned with `conversation`. Null on rows no pipeline has annotated.
 */
export const releaseAnnotationsSchema = z.object({
  /** Where `openai_moderation` came from: 'openai:<model>', 'local-lexicon-v3', or null (none). */
  moderation_source: z.string().nullable(),
  /** Where `detoxify_moderation` came from (classifier model), or null when none ran. */
  detoxify_source: z.string().nullable(),
  /** True when the non-blank messages are not all in one language. */
  language_code_switching: z.boolean(),
  /** Per message: confidence of its `language` (0..1); null on rows annotated before schema 1.1 of the stage. */
  message_language_confidence: z.array(z.number()).nullable().default(null),
  /** Per message: the language should not be trusted on its own (low confidence, close runner-up or very short text). */
  message_language_unsure: z.array(z.boolean()).nullable().default(null),
  /** OpenAI encoding of `message_tokens` (o200k_base by default). */
  token_encoding: z.string(),
  message_tokens: z.array(z.number().int().nonnegative()),
  conversation_tokens: z.number().int().nonnegative(),
  /** Llama-2 tokenizer counts (the paper's Table 1 unit); null when turned off. */
  message_tokens_llama2: z.array(z.number().int().nonnegative()).nullable(),
  conversation_tokens_llama2: z.number().int().nonnegative().nullable(),
  /** Entities redacted per message, by type. */
  message_pii_entity_counts: z.array(piiEntityCountsSchema),
  /** Entities redacted in the whole conversation, by type. */
  pii_entity_counts: piiEntityCountsSchema,
  /** Entities found but left in place because they are common across conversations (document-frequency gate). */
  pii_common_entities_kept: z.number().int().nonnegative(),
  /** Best jailbreak family of the highest-scoring user message ('dan', 'template:<name>', ...), or null. */
  jailbreak_family: z.string().nullable(),
  /** Highest jailbreak score of any user message, 0..1. */
  jailbreak_score: z.number(),
  /** Some user message scored at or above the jailbreak threshold. */
  jailbreak_tagged: z.boolean(),
  /** A tagged user message is followed later by a toxic assistant message (the paper's success rule). */
  jailbreak_succeeded: z.boolean(),
  /** Index in `conversation` of the first tagged user message, or null. */
  jailbreak_message_index: z.number().int().nonnegative().nullable(),
  /** Cluster id of near-duplicate conversations (whole text); rows sharing it are near duplicates. */
  duplicate_conversation_cluster: z.string(),
  duplicate_conversation_cluster_size: z.number().int().positive(),
  /** Another row earlier in the input has exactly the same (normalised) conversation text. */
  duplicate_conversation_exact: z.boolean(),
  /** Cluster id of near-duplicate first user messages. */
  duplicate_first_turn_cluster: z.string(),
  duplicate_first_turn_cluster_size: z.number().int().positive(),
  /** Another row earlier in the input has exactly the same (normalised) first user message. */
  duplicate_first_turn_exact: z.boolean(),
});
export type ReleaseAnnotations = z.infer<typeof releaseAnnotationsSchema>;

export const releaseRecordSchema = z.object({
  conversation_hash: z.string().regex(/^[0-9a-f]{32}$/),
  model: z.string().nullable(),
  timestamp: releaseTimestampSchema.nullable(),
  conversation: z.array(releaseMessageSchema),
  turn: z.number().int().nonnegative(),
  language: z.string().nullable(),
  openai_moderation: z.array(openAiModerationSchema).nullable(),
  detoxify_moderation: z.array(detoxifyScoresSchema).nullable(),
  toxic: z.boolean().nullable(),
  redacted: z.boolean().nullable(),
  state: z.string().nullable(),
  country: z.string().nullable(),
  hashed_ip: z.string().nullable(),
  header: headerSchema.nullable(),

  schema_version: z.number().int().positive(),
  /** Id of the conversation in its source (ours: the stored conversation id; shared by its branches). */
  conversation_id: z.string().nullable(),
  /** Where the row comes from: 'collected', or the import format ('wildchat', 'lmsys', 'sharegpt', 'openai'). */
  source: z.string().nullable(),
  system_prompt: z.string().nullable(),
  consent_terms_version: z.string().nullable(),
  branch: branchInfoSchema.nullable(),
  /** Aligned with `conversation` (same length) when present. */
  turn_details: z.array(turnDetailSchema).nullable(),
  /** Source fields we have no column for, kept verbatim; per-message ones under `messages[i]`. */
  extra: z.record(z.string(), z.unknown()).nullable(),
  /** Release pipeline annotations (absent or null until `wildchat release` has run). */
  annotations: releaseAnnotationsSchema.nullable().optional(),
});
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** The WildChat-1M view of a record: exactly the 14 columns. */
export type WildChat1MRecord = Pick<ReleaseRecord, (typeof WILDCHAT_1M_COLUMNS)[number]>;

export function toWildChat1MRecord(record: ReleaseRecord): WildChat1MRecord {
  const view: Record<string, unknown> = {};
  for (const column of WILDCHAT_1M_COLUMNS) view[column] = record[column];
  return view as WildChat1MRecord;
}
