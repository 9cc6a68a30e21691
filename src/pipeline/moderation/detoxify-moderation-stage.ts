/**
 * `openai_moderation`-style annotations from a Detoxify-class classifier (the ONNX backend).
 * Detoxify's heads cover part of OpenAI's taxonomy; the mapping below is the documented one
 * (docs/models.md), and the categories it has no head for (self-harm, sexual/minors,
 * violence/graphic) stay 0 and unflagged. A category is flagged at a score of 0.5, the point
 * where a sigmoid head says "more likely than not".
 */
import type { MessageInput, Stage } from '../stage.ts';
import type { DetoxifyClassifier, DetoxifyScores } from './detoxify-classifier.ts';
import { isBlank } from './is-blank.ts';
import { buildModeration, type BaseModerationCategory, type ModerationAnnotation } from './moderation-result.ts';

export const DETOXIFY_FLAG_THRESHOLD = 0.5;

export function moderationScoresFromDetoxify(scores: DetoxifyScores): Partial<Record<BaseModerationCategory, number>> {
  return {
    harassment: Math.max(scores.insult, scores.toxicity),
    'harassment/threatening': scores.threat,
    hate: scores.identity_attack,
    'hate/threatening': Math.min(scores.identity_attack, scores.threat),
    sexual: scores.sexual_explicit,
    violence: scores.threat,
  };
}

export class DetoxifyModerationStage implements Stage<MessageInput, ModerationAnnotation | null> {
  readonly name = 'moderation';
  readonly version: string;
  private readonly source: string;
  private readonly classifier: DetoxifyClassifier;
  private readonly batchSize: number;

  constructor(classifier: DetoxifyClassifier, options: { batchSize?: number } = {}) {
    this.classifier = classifier;
    this.batchSize = options.batchSize ?? 64;
    this.source = `onnx:${classifier.model}`;
    this.version = `${this.source}:v1`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly (ModerationAnnotation | null)[]> {
    const results = new Array<ModerationAnnotation | null>(batch.length).fill(null);
    const pending: number[] = [];
    batch.forEach((message, index) => {
      if (isBlank(message.content)) results[index] = { source: this.source, moderation: {} };
      else pending.push(index);
    });
    for (let start = 0; start < pending.length; start += this.batchSize) {
      const indices = pending.slice(start, start + this.batchSize);
      const scores = await this.classifier.classify(indices.map((index) => (batch[index] as MessageInput).content));
      indices.forEach((index, position) => {
        const categoryScores = moderationScoresFromDetoxify(scores[position] as DetoxifyScores);
        const categories = Object.fromEntries(Object.entries(categoryScores).map(([category, score]) => [category, score >= DETOXIFY_FLAG_THRESHOLD]));
        const flagged = Object.values(categories).some(Boolean);
        results[index] = { source: this.source, moderation: buildModeration(categories, categoryScores, flagged) };
      });
    }
    return results;
  }
}
