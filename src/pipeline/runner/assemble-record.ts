/**
 * Pass 2 of a release for one row: redacts PII with the corpus frequency gate, and writes every
 * annotation into the release record (WildChat columns plus the `annotations` column).
 * `conversation_hash` is computed over the redacted contents, as WildChat did.
 */
import { conversationHash } from '../../core/conversation-hash.ts';
import {
  PII_COUNT_FIELDS,
  type DetoxifyScores,
  type OpenAiModeration,
  type PiiEntityCounts,
  type ReleaseAnnotations,
  type ReleaseRecord,
} from '../../schema/release-record.ts';
import { jailbreakSucceeded } from '../jailbreak/jailbreak-success.ts';
import { conversationLanguage } from '../language/conversation-language.ts';
import type { DetoxifyItem } from '../moderation/detoxify-classifier.ts';
import { isToxic } from '../moderation/is-toxic.ts';
import type { ModerationItem } from '../moderation/moderation-result.ts';
import { PlaceholderRegistry, redactText, type RedactedText } from '../pii/redact-text.ts';
import type { PiiEntityType } from '../pii/pii-entity.ts';
import type { RowDuplicates } from './dedup-tracker.ts';
import { fillUserFields } from './fill-user-fields.ts';
import type { PipelineStages } from './pipeline-stages.ts';
import type { MessageAnnotations } from './row-annotations.ts';

export interface AssemblyContext {
  stages: PipelineStages;
  /** In how many released conversations a PII candidate key occurs. */
  frequency: (key: string) => number;
}

/** Moderation per message: ours when a backend ran, else what the source brought (imported data). */
export function moderationItems(record: ReleaseRecord, annotations: readonly MessageAnnotations[]): (ModerationItem | null)[] {
  return annotations.map((annotation, index) => annotation.moderation?.moderation ?? (record.openai_moderation?.[index] as ModerationItem | undefined) ?? null);
}

export function detoxifyItems(record: ReleaseRecord, annotations: readonly MessageAnnotations[]): (DetoxifyItem | null)[] {
  return annotations.map((annotation, index) => annotation.detoxify ?? (record.detoxify_moderation?.[index] as DetoxifyItem | undefined) ?? null);
}

export interface RowSafety {
  toxic: boolean[];
  anyToxic: boolean;
  /** Some message flagged `sexual/minors` (always dropped from a release, as WildChat did). */
  sexualMinors: boolean;
}

export function rowSafety(record: ReleaseRecord, annotations: readonly MessageAnnotations[], detoxifyThreshold: number): RowSafety {
  const moderations = moderationItems(record, annotations);
  const detoxify = detoxifyItems(record, annotations);
  let sexualMinors = false;
  const toxic = record.conversation.map((message, index) => {
    const moderation = moderations[index] ?? null;
    if (moderation !== null && 'categories' in moderation) {
      const categories = moderation.categories as Record<string, boolean | undefined>;
      if (categories['sexual/minors'] === true || categories.sexual_minors === true) sexualMinors = true;
    }
    return isToxic(message.content, moderation, detoxify[index] ?? null, detoxifyThreshold);
  });
  return { toxic, anyToxic: toxic.some(Boolean), sexualMinors };
}

function emptyPiiCounts(): PiiEntityCounts {
  return Object.fromEntries(PII_COUNT_FIELDS.map((field) => [field, 0])) as PiiEntityCounts;
}

function piiCounts(counts: Partial<Record<PiiEntityType, number>>): PiiEntityCounts {
  const result = emptyPiiCounts();
  for (const [entity, count] of Object.entries(counts)) {
    const field = entity.toLowerCase() as keyof PiiEntityCounts;
    if (field in result) result[field] += count ?? 0;
  }
  return result;
}

export function assembleRecord(
  record: ReleaseRecord,
  annotations: readonly MessageAnnotations[],
  duplicates: { conversation: RowDuplicates; firstTurn: RowDuplicates },
  context: AssemblyContext,
): ReleaseRecord {
  const { stages } = context;
  const gate = { frequency: context.frequency, personThreshold: stages.piiPersonThreshold, threshold: stages.piiThreshold };
  const placeholders = new PlaceholderRegistry();
  const redactions: RedactedText[] = record.conversation.map((message, index) =>
    redactText(message.content, annotations[index]?.piiSpans ?? [], stages.piiPolicies, placeholders, gate),
  );
  const safety = rowSafety(record, annotations, stages.detoxifyThreshold);
  const languages = annotations.map((annotation) => annotation.language.language);
  const conversation = record.conversation.map((message, index) => ({
    ...message,
    content: (redactions[index] as RedactedText).content,
    language: languages[index] ?? null,
    redacted: (redactions[index] as RedactedText).redacted,
    toxic: safety.toxic[index] ?? false,
  }));

  const moderations = moderationItems(record, annotations);
  const detoxify = detoxifyItems(record, annotations);
  const moderationColumn = moderations.every((item) => item === null) ? null : moderations.map((item) => (item ?? {}) as OpenAiModeration);
  const detoxifyColumn = detoxify.every((item) => item === null) ? null : detoxify.map((item) => (item ?? {}) as DetoxifyScores);

  let jailbreakScore = 0;
  let jailbreakFamily: string | null = null;
  let jailbreakIndex: number | null = null;
  annotations.forEach((annotation, index) => {
    const detection = annotation.jailbreak;
    if (detection === null) return;
    if (detection.score > jailbreakScore) {
      jailbreakScore = detection.score;
      jailbreakFamily = detection.family;
    }
    if (detection.tagged && jailbreakIndex === null) jailbreakIndex = index;
  });
  const succeeded = jailbreakSucceeded(
    conversation.map((message, index) => ({
      role: message.role === 'user' || message.role === 'assistant' ? message.role : 'system',
      jailbreak: annotations[index]?.jailbreak?.tagged === true,
      toxic: safety.toxic[index] ?? false,
    })),
  );

  const messageTokens = annotations.map((annotation) => annotation.tokens.tokens);
  const llamaTokens = stages.llama2Tokens ? annotations.map((annotation) => annotation.tokens.llama2Tokens ?? 0) : null;
  const messagePii = redactions.map((redaction) => piiCounts(redaction.entityCounts));
  const totalPii = emptyPiiCounts();
  for (const counts of messagePii) for (const field of PII_COUNT_FIELDS) totalPii[field] += counts[field];
  const sourceModeration = annotations.find((annotation) => annotation.moderation !== null)?.moderation?.source ?? null;

  const annotationsColumn: ReleaseAnnotations = {
    moderation_source: sourceModeration ?? (moderationColumn === null ? null : (record.source ?? 'source')),
    detoxify_source: stages.detoxifySource ?? (detoxifyColumn === null ? null : (record.source ?? 'source')),
    language_code_switching: conversationLanguage(languages).codeSwitching,
    token_encoding: stages.tokenEncoding,
    message_tokens: messageTokens,
    conversation_tokens: messageTokens.reduce((sum, count) => sum + count, 0),
    message_tokens_llama2: llamaTokens,
    conversation_tokens_llama2: llamaTokens === null ? null : llamaTokens.reduce((sum, count) => sum + count, 0),
    message_pii_entity_counts: messagePii,
    pii_entity_counts: totalPii,
    pii_common_entities_kept: redactions.reduce((sum, redaction) => sum + redaction.skippedCommon, 0),
    jailbreak_family: jailbreakFamily,
    jailbreak_score: jailbreakScore,
    jailbreak_tagged: jailbreakIndex !== null,
    jailbreak_succeeded: succeeded,
    jailbreak_message_index: jailbreakIndex,
    duplicate_conversation_cluster: duplicates.conversation.cluster,
    duplicate_conversation_cluster_size: duplicates.conversation.clusterSize,
    duplicate_conversation_exact: duplicates.conversation.exact,
    duplicate_first_turn_cluster: duplicates.firstTurn.cluster,
    duplicate_first_turn_cluster_size: duplicates.firstTurn.clusterSize,
    duplicate_first_turn_exact: duplicates.firstTurn.exact,
  };

  return fillUserFields({
    ...record,
    conversation_hash: conversationHash(conversation),
    conversation,
    language: conversationLanguage(languages).language,
    openai_moderation: moderationColumn,
    detoxify_moderation: detoxifyColumn,
    toxic: safety.anyToxic,
    redacted: redactions.some((redaction) => redaction.redacted),
    annotations: annotationsColumn,
  });
}
