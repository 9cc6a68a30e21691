/**
 * Offline moderation: lexicons (obscenity, naughty-words) plus our own phrase rules, mapped onto
 * the OpenAI moderation categories. Scores combine evidence as a noisy-or, so one strong hit or
 * several weak ones flag a category. These are heuristic scores, not a classifier's
 * probabilities; the release records the source ('local-lexicon-v3').
 */
import type { MessageInput, Stage } from '../stage.ts';
import { isBlank } from './is-blank.ts';
import { LocalLexicon } from './local-lexicon.ts';
import { findRuleFeatures } from './local-rules.ts';
import { messageLanguages } from './message-languages.ts';
import type { ModerationFeature } from './moderation-feature.ts';
import {
  BASE_MODERATION_CATEGORIES,
  buildModeration,
  type BaseModerationCategory,
  type ModerationAnnotation,
  type ModerationItem,
} from './moderation-result.ts';

export const LOCAL_MODERATION_SOURCE = 'local-lexicon-v3';
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

  async run(batch: readonly (MessageInput & { language?: string | null })[]): Promise<readonly ModerationAnnotation[]> {
    return batch.map((message) => ({ source: this.source, moderation: this.moderateText(message.content, message.language ?? null) }));
  }

  /** `language` is the language stage's code for the message when the caller has it. */
  moderateText(content: string, language: string | null = null): ModerationItem {
    if (isBlank(content)) return {};
    return scoreFeatures(this.findFeatures(content, language));
  }

  findFeatures(content: string, language: string | null = null): ModerationFeature[] {
    const lowerText = content.normalize('NFKC').toLowerCase();
    const features = findRuleFeatures(lowerText);
    // News, law and child-protection text about abuse names it without being sexual content.
    const protective = features.some((feature) => feature.label.endsWith('-in-context'));
    for (const hit of this.lexicon.find(lowerText, messageLanguages(lowerText, language))) {
      for (const feature of hit.features) features.push(protective && feature.category === 'sexual' ? { ...feature, weight: feature.weight / 2 } : feature);
    }
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
