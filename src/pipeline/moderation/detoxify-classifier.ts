/**
 * Detoxify-shaped toxicity scores (WildChat's `detoxify_moderation` items) behind an injected
 * classifier. No offline model ships on npm, so the default is none (null annotations).
 */
import { z } from 'zod';

export const DETOXIFY_KEYS = ['identity_attack', 'insult', 'obscene', 'severe_toxicity', 'sexual_explicit', 'threat', 'toxicity'] as const;
export type DetoxifyKey = (typeof DETOXIFY_KEYS)[number];
export type DetoxifyScores = Record<DetoxifyKey, number>;
/** Empty turns get `{}`, as in WildChat. */
export type DetoxifyItem = DetoxifyScores | Record<string, never>;

export const detoxifyScoresSchema = z.object({
  identity_attack: z.number(),
  insult: z.number(),
  obscene: z.number(),
  severe_toxicity: z.number(),
  // The original (non-multilingual) Detoxify models have no sexual_explicit head.
  sexual_explicit: z.number().default(0),
  threat: z.number(),
  toxicity: z.number(),
});

export interface DetoxifyClassifier {
  /** Name and version of the model, used in the stage version (cache key). */
  readonly model: string;
  classify(texts: readonly string[]): Promise<DetoxifyScores[]>;
}

/** Orders the keys as in the released schema and drops anything else. */
export function toDetoxifyScores(raw: z.input<typeof detoxifyScoresSchema>): DetoxifyScores {
  const parsed = detoxifyScoresSchema.parse(raw);
  const scores = {} as DetoxifyScores;
  for (const key of DETOXIFY_KEYS) scores[key] = parsed[key];
  return scores;
}
