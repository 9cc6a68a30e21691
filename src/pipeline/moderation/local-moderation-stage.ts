/**
 * Offline moderation: lexicons (obscenity, naughty-words) plus our own phrase rules, mapped onto
 * the OpenAI moderation categories. Scores combine evidence as a noisy-or, so one strong hit or
 * several weak ones flag a category. These are heuristic scores, not a classifier's
 * probabilities; the release records the source ('local-lexicon-v1').
 */
import type { MessageInput, Stage } from '../stage.ts';
import { isBlank } from './is-blank.ts';
import { LocalLexicon } from './local-lexicon.ts';
import { findRuleFeatures } from './local-rules.ts';
import type { ModerationFeature } from './moderation-feature.ts';
import {
  BASE_MODERATION_CATEGORIES,
  buildModeration,
  type BaseModerationCategory,
  type ModerationAnnotation,
  type ModerationItem,
} from './moderation-result.ts';

export const LOCAL_MODERATION_SOURCE = 'local-lexicon-v1';
/** A category is flagged at this score. */
export const LOCAL_FLAG_THRESHOLD = 0.5;

/** A sub-category's score also counts for its parent category. */
const PARENT: Partial<Record<BaseModerationCategory, BaseModerationCategory>> = {
  'harassment/threatening': 'harassment',
  'hate/threatening': 'hate',
  'self-harm/instructions': 'self-harm',
  'self-harm/intent': 'self-harm',
  'sexual/minors': 'sexual',
  'violence/graphic': 'violence',
};

export class LocalModerationStage implements Stage<MessageInput, ModerationAnnotation> {
  readonly name = 'moderation';
  readonly version = LOCAL_MODERATION_SOURCE;
  readonly source = LOCAL_MODERATION_SOURCE;
  private readonly lexicon = new LocalLexicon();

  async run(batch: readonly MessageInput[]): Promise<readonly ModerationAnnotation[]> {
    return batch.map((message) => ({ source: this.source, moderation: this.moderateText(message.content) }));
  }

  moderateText(content: string): ModerationItem {
    if (isBlank(content)) return {};
    return scoreFeatures(this.findFeatures(content));
  }

  findFeatures(content: string): ModerationFeature[] {
    const lowerText = content.normalize('NFKC').toLowerCase();
    const features = findRuleFeatures(lowerText);
    for (const hit of this.lexicon.find(lowerText)) features.push(...hit.features);
    return features;
  }
}

export function scoreFeatures(features: readonly ModerationFeature[]): ModerationItem {
  const remaining: Partial<Record<BaseModerationCategory, number>> = {};
  for (const feature of features) {
    remaining[feature.category] = (remaining[feature.category] ?? 1) * (1 - feature.weight);
  }
  const scores: Partial<Record<BaseModerationCategory, number>> = {};
  for (const category of BASE_MODERATION_CATEGORIES) {
    scores[category] = Math.round((1 - (remaining[category] ?? 1)) * 1e6) / 1e6;
  }
  for (const [child, parent] of Object.entries(PARENT) as Array<[BaseModerationCategory, BaseModerationCategory]>) {
    scores[parent] = Math.max(scores[parent] ?? 0, scores[child] ?? 0);
  }
  const categories: Partial<Record<BaseModerationCategory, boolean>> = {};
  let flagged = false;
  for (const category of BASE_MODERATION_CATEGORIES) {
    const isFlagged = (scores[category] ?? 0) >= LOCAL_FLAG_THRESHOLD;
    categories[category] = isFlagged;
    flagged ||= isFlagged;
  }
  return buildModeration(categories, scores, flagged);
}
