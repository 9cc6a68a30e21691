/** Picks the moderation backend: 'openai' (needs a client), 'local' (offline lexicons), 'onnx' (an in-process Detoxify-class model, injected) or 'none'. */
import type { MessageInput, Stage } from '../stage.ts';
import { LocalModerationStage } from './local-moderation-stage.ts';
import type { DetoxifyClassifier } from './detoxify-classifier.ts';
import { DetoxifyModerationStage } from './detoxify-moderation-stage.ts';
import type { ModerationClient } from './moderation-client.ts';
import type { ModerationAnnotation } from './moderation-result.ts';
import { OpenAIModerationStage, type OpenAIModerationStageOptions } from './openai-moderation-stage.ts';

export type ModerationBackend = 'openai' | 'local' | 'onnx' | 'none';

export interface ModerationStageConfig {
  backend: ModerationBackend;
  client?: ModerationClient | null;
  /** The model behind 'onnx'. */
  classifier?: DetoxifyClassifier | null;
  openai?: Omit<OpenAIModerationStageOptions, 'client'>;
}

/** Returns null annotations for every message. */
export class NoModerationStage implements Stage<MessageInput, ModerationAnnotation | null> {
  readonly name = 'moderation';
  readonly version = 'none:v1';
  async run(batch: readonly MessageInput[]): Promise<readonly (ModerationAnnotation | null)[]> {
    return batch.map(() => null);
  }
}

export function createModerationStage(config: ModerationStageConfig): Stage<MessageInput, ModerationAnnotation | null> {
  switch (config.backend) {
    case 'openai':
      if (config.client == null) throw new Error("moderation backend 'openai' needs a ModerationClient (set the base URL)");
      return new OpenAIModerationStage({ ...config.openai, client: config.client });
    case 'local':
      return new LocalModerationStage();
    case 'onnx':
      if (config.classifier == null) throw new Error("moderation backend 'onnx' needs a classifier (set --moderation-onnx-model)");
      return new DetoxifyModerationStage(config.classifier);
    case 'none':
      return new NoModerationStage();
  }
}
