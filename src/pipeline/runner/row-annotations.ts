/**
 * Runs every message-level stage over the messages of a batch of rows through the cache, and
 * hands back per-row, per-message results. Pass 1 computes (and caches); pass 2 reads the same
 * results back, so a restarted or repeated run recomputes nothing that is cached.
 */
import type { JailbreakDetection } from '../jailbreak/jailbreak-detector.ts';
import type { LanguageAnnotation } from '../language/language-stage.ts';
import type { DetoxifyItem } from '../moderation/detoxify-classifier.ts';
import type { ModerationAnnotation } from '../moderation/moderation-result.ts';
import type { PiiSpan } from '../pii/pii-entity.ts';
import type { MessageInput } from '../stage.ts';
import type { TokenCounts } from '../tokens/token-count-stage.ts';
import type { AnnotationCachePort } from './annotation-cache-port.ts';
import { moderationCacheCodec } from './cache-codec.ts';
import { contentHash } from './content-hash.ts';
import type { PipelineStages } from './pipeline-stages.ts';
import { runCachedStage, type CachedStageInput } from './run-cached-stage.ts';
import type { StageStatistics } from './stage-statistics.ts';

export interface MessageAnnotations {
  language: LanguageAnnotation;
  moderation: ModerationAnnotation | null;
  detoxify: DetoxifyItem | null;
  tokens: TokenCounts;
  piiSpans: PiiSpan[];
  /** Null for non-user messages. */
  jailbreak: JailbreakDetection | null;
}

export async function annotateMessages(
  rows: readonly (readonly MessageInput[])[],
  stages: PipelineStages,
  cache: AnnotationCachePort,
  statistics: StageStatistics,
): Promise<MessageAnnotations[][]> {
  const inputs: CachedStageInput[] = [];
  const userInputs: CachedStageInput[] = [];
  for (const messages of rows) {
    for (const message of messages) {
      const input = { message, contentHash: contentHash(message.content) };
      inputs.push(input);
      if (message.role === 'user') userInputs.push(input);
    }
  }
  // The stages are independent, so they run at once: the pool's workers queue every stage's work
  // and stay busy while this thread does one stage's cache lookups and writes (one after another
  // they idled during each). Each stage's figures then include time waiting behind the others.
  const [language, moderation, detoxify, tokens, piiSpans, jailbreak] = await Promise.all([
    runCachedStage(stages.language, inputs, cache, statistics),
    runCachedStage(stages.moderation, inputs, cache, statistics, moderationCacheCodec),
    runCachedStage(stages.detoxify, inputs, cache, statistics),
    runCachedStage(stages.tokens, inputs, cache, statistics),
    runCachedStage(stages.piiSpans, inputs, cache, statistics),
    runCachedStage(stages.jailbreak, userInputs, cache, statistics),
  ]);

  const result: MessageAnnotations[][] = [];
  let position = 0;
  let userPosition = 0;
  for (const messages of rows) {
    const annotations: MessageAnnotations[] = [];
    for (const message of messages) {
      annotations.push({
        language: language[position] as LanguageAnnotation,
        moderation: moderation[position] ?? null,
        detoxify: detoxify[position] ?? null,
        tokens: tokens[position] as TokenCounts,
        piiSpans: piiSpans[position] ?? [],
        jailbreak: message.role === 'user' ? (jailbreak[userPosition++] ?? null) : null,
      });
      position += 1;
    }
    result.push(annotations);
  }
  return result;
}
