/** Per-message Detoxify scores through an injected classifier; null when none is configured. */
import type { MessageInput, Stage } from '../stage.ts';
import type { DetoxifyClassifier, DetoxifyItem, DetoxifyScores } from './detoxify-classifier.ts';
import { isBlank } from './is-blank.ts';

export interface DetoxifyStageOptions {
  classifier: DetoxifyClassifier | null;
  /** Texts per classifier call. */
  batchSize?: number;
}

export class DetoxifyStage implements Stage<MessageInput, DetoxifyItem | null> {
  readonly name = 'detoxify';
  readonly version: string;
  private readonly classifier: DetoxifyClassifier | null;
  private readonly batchSize: number;

  constructor(options: DetoxifyStageOptions) {
    this.classifier = options.classifier;
    this.batchSize = options.batchSize ?? 64;
    this.version = options.classifier === null ? 'none:v1' : `${options.classifier.model}:v1`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly (DetoxifyItem | null)[]> {
    const classifier = this.classifier;
    if (classifier === null) return batch.map(() => null);
    const results = new Array<DetoxifyItem | null>(batch.length);
    const pending: number[] = [];
    batch.forEach((message, index) => {
      if (isBlank(message.content)) results[index] = {};
      else pending.push(index);
    });
    for (let start = 0; start < pending.length; start += this.batchSize) {
      const indices = pending.slice(start, start + this.batchSize);
      const scores = await classifier.classify(indices.map((index) => (batch[index] as MessageInput).content));
      indices.forEach((index, position) => {
        results[index] = scores[position] as DetoxifyScores;
      });
    }
    return results;
  }
}
