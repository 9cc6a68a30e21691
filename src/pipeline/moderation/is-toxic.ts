/**
 * WildChat's toxic flag: content non-empty AND (moderation flagged OR Detoxify toxicity above the
 * threshold, 0.1 in the paper). Missing annotations (null) and empty ones (`{}`) count as not toxic.
 */
import type { DetoxifyItem } from './detoxify-classifier.ts';
import { isBlank } from './is-blank.ts';
import type { ModerationItem } from './moderation-result.ts';

export const DEFAULT_DETOXIFY_THRESHOLD = 0.1;

export function isToxic(
  content: string,
  openaiModeration: ModerationItem | null | undefined,
  detoxify: DetoxifyItem | null | undefined,
  threshold: number = DEFAULT_DETOXIFY_THRESHOLD,
): boolean {
  if (isBlank(content)) return false;
  const flagged = openaiModeration != null && 'flagged' in openaiModeration && openaiModeration.flagged === true;
  const toxicity = detoxify != null && 'toxicity' in detoxify ? detoxify.toxicity : null;
  return flagged || (toxicity !== null && toxicity > threshold);
}
