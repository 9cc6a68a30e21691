/**
 * The injected boundary between the moderation stage and a moderation service. The stage never
 * does network I/O itself; it receives a client.
 */
import type { WildChatModeration } from './moderation-result.ts';

export interface ModerationClient {
  /** Model name reported in the stage version and source (e.g. 'omni-moderation-latest'). */
  readonly model: string;
  /** One result per input, in order. Throws UpstreamError (src/core) on failure; `isConfigurationFault` ones are final. */
  moderate(inputs: readonly string[]): Promise<WildChatModeration[]>;
}
