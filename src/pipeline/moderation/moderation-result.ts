/**
 * The WildChat-1M `openai_moderation` item: the Python SDK's `model_dump()` of a moderation result,
 * which is why every category with a separator appears twice (slash and underscore spelling).
 * Empty turns get `{}`.
 */
import { z } from 'zod';
import { MODERATION_CATEGORIES_1M } from '../../schema/release-record.ts';

/** The 11 categories of the text moderation model, in their API (slash) spelling. */
export const BASE_MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;
export type BaseModerationCategory = (typeof BASE_MODERATION_CATEGORIES)[number];

/** The 18 keys of the released struct, in the order of the WildChat-1M schema. */
export const MODERATION_CATEGORY_KEYS = MODERATION_CATEGORIES_1M;
export type ModerationCategoryKey = (typeof MODERATION_CATEGORY_KEYS)[number];

/** The underscore spelling of a base category (the same string when it has no separator). */
export function underscoreAlias(category: BaseModerationCategory): ModerationCategoryKey {
  return category.replace(/[/-]/g, '_') as ModerationCategoryKey;
}

export interface WildChatModeration {
  categories: Record<ModerationCategoryKey, boolean>;
  category_scores: Record<ModerationCategoryKey, number>;
  flagged: boolean;
}

/** What an empty turn gets. */
export type EmptyModeration = Record<string, never>;
export type ModerationItem = WildChatModeration | EmptyModeration;

export function isEmptyModeration(item: ModerationItem): item is EmptyModeration {
  return !('flagged' in item);
}

export const wildChatModerationSchema = z.object({
  categories: z.object(Object.fromEntries(MODERATION_CATEGORY_KEYS.map((key) => [key, z.boolean()]))),
  category_scores: z.object(Object.fromEntries(MODERATION_CATEGORY_KEYS.map((key) => [key, z.number()]))),
  flagged: z.boolean(),
});

/** Builds the 18-key item from base-category values, filling both spellings. */
export function buildModeration(
  categories: Partial<Record<BaseModerationCategory, boolean>>,
  scores: Partial<Record<BaseModerationCategory, number>>,
  flagged: boolean,
): WildChatModeration {
  const categoryFlags = {} as Record<ModerationCategoryKey, boolean>;
  const categoryScores = {} as Record<ModerationCategoryKey, number>;
  for (const key of MODERATION_CATEGORY_KEYS) {
    const base = toBaseCategory(key);
    categoryFlags[key] = categories[base] ?? false;
    categoryScores[key] = scores[base] ?? 0;
  }
  return { categories: categoryFlags, category_scores: categoryScores, flagged };
}

const baseByKey = new Map<string, BaseModerationCategory>();
for (const base of BASE_MODERATION_CATEGORIES) {
  baseByKey.set(base, base);
  baseByKey.set(underscoreAlias(base), base);
}

export function toBaseCategory(key: string): BaseModerationCategory {
  const base = baseByKey.get(key);
  if (base === undefined) throw new Error(`unknown moderation category key: ${key}`);
  return base;
}

/**
 * Normalises a provider result (slash keys only, underscore keys only, or both; extra categories
 * such as omni's `illicit` are dropped) into the 18-key shape.
 */
export function normaliseModeration(raw: {
  categories: Record<string, boolean | null | undefined>;
  category_scores: Record<string, number | null | undefined>;
  flagged: boolean;
}): WildChatModeration {
  const categories: Partial<Record<BaseModerationCategory, boolean>> = {};
  const scores: Partial<Record<BaseModerationCategory, number>> = {};
  for (const [key, value] of Object.entries(raw.categories)) {
    const base = baseByKey.get(key);
    if (base !== undefined && value === true) categories[base] = true;
  }
  for (const [key, value] of Object.entries(raw.category_scores)) {
    const base = baseByKey.get(key);
    if (base !== undefined && typeof value === 'number') scores[base] = Math.max(scores[base] ?? 0, value);
  }
  return buildModeration(categories, scores, raw.flagged);
}

/** WildChat's merge for split inputs: flagged OR, categories OR, scores max. */
export function mergeModerations(parts: readonly WildChatModeration[]): WildChatModeration {
  if (parts.length === 0) throw new Error('mergeModerations needs at least one part');
  const categories = {} as Record<ModerationCategoryKey, boolean>;
  const scores = {} as Record<ModerationCategoryKey, number>;
  for (const key of MODERATION_CATEGORY_KEYS) {
    categories[key] = parts.some((part) => part.categories[key]);
    scores[key] = Math.max(...parts.map((part) => part.category_scores[key]));
  }
  return { categories, category_scores: scores, flagged: parts.some((part) => part.flagged) };
}

/** What a moderation stage returns per message; `source` says where the scores came from. */
export interface ModerationAnnotation {
  source: string;
  moderation: ModerationItem;
}
