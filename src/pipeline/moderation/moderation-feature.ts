import type { BaseModerationCategory } from './moderation-result.ts';

/** One piece of evidence found in a text: it raises one category's score by `weight` (noisy-or). */
export interface ModerationFeature {
  category: BaseModerationCategory;
  weight: number;
  /** Where it came from (a rule id or a lexicon term), for debugging; never exported with text. */
  label: string;
}
