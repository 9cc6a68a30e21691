/** Tags user messages that look like jailbreak attempts; other roles get null. */
import type { MessageInput, Stage } from '../stage.ts';
import { JailbreakDetector, type JailbreakDetection } from './jailbreak-detector.ts';

export const JAILBREAK_SIGNATURES_VERSION = 'jailbreak-signatures-v4';

export class JailbreakStage implements Stage<MessageInput, JailbreakDetection | null> {
  readonly name = 'jailbreak';
  readonly version: string;
  private readonly detector: JailbreakDetector;

  constructor(detector: JailbreakDetector = new JailbreakDetector()) {
    this.detector = detector;
    const templates = detector.templateFingerprint;
    this.version = `${JAILBREAK_SIGNATURES_VERSION}:t${detector.threshold}${templates === null ? '' : `:templates-${templates}`}`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly (JailbreakDetection | null)[]> {
    return batch.map((message) => (message.role === 'user' ? this.detector.detect(message.content) : null));
  }
}
