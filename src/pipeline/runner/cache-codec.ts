/**
 * How a stage's results are stored in the annotation cache when their natural JSON is wasteful.
 * A moderation result repeats every score under two spellings (`self-harm` and `self_harm`) and
 * 18 category names per message; stored as the 11 base scores and a flag bitmask it takes about a
 * fifth of the space and of the JSON work, and decodes to exactly the same object.
 */
import { BASE_MODERATION_CATEGORIES, buildModeration, type BaseModerationCategory, type ModerationAnnotation } from '../moderation/moderation-result.ts';

export interface CacheCodec<Value> {
  /** Appended to the stage version, so entries of another encoding are never misread. */
  readonly tag: string;
  encode(value: Value): unknown;
  decode(stored: unknown): Value;
}

type StoredModeration = null | [source: string] | [source: string, flagged: 0 | 1, categoryBits: number, ...scores: number[]];

export const moderationCacheCodec: CacheCodec<ModerationAnnotation | null> = {
  tag: 'm1',
  encode(value) {
    if (value === null) return null;
    const moderation = value.moderation;
    if (!('flagged' in moderation)) return [value.source];
    let bits = 0;
    const scores: number[] = [];
    BASE_MODERATION_CATEGORIES.forEach((category, index) => {
      if (moderation.categories[category] === true) bits |= 1 << index;
      scores.push(moderation.category_scores[category]);
    });
    return [value.source, moderation.flagged ? 1 : 0, bits, ...scores];
  },
  decode(stored) {
    const value = stored as StoredModeration;
    if (value === null) return null;
    const [source, flagged, bits, ...scores] = value;
    if (flagged === undefined || bits === undefined) return { source, moderation: {} };
    const categories: Partial<Record<BaseModerationCategory, boolean>> = {};
    const categoryScores: Partial<Record<BaseModerationCategory, number>> = {};
    BASE_MODERATION_CATEGORIES.forEach((category, index) => {
      categories[category] = (bits & (1 << index)) !== 0;
      categoryScores[category] = scores[index] ?? 0;
    });
    return { source, moderation: buildModeration(categories, categoryScores, flagged === 1) };
  },
};
