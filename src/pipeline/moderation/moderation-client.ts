/**
 * The injected boundary between the moderation stage and a moderation service. The stage never
 * does network I/O itself; it receives a client.
 */
import type { WildChatModeration } from './moderation-result.ts';

export interface ModerationClient {
  /** Model name reported in the stage version and source (e.g. 'omni-moderation-latest'). */
  readonly model: string;
  /** One result per input, in order. Throws ModerationRequestError on failure. */
  moderate(inputs: readonly string[]): Promise<WildChatModeration[]>;
}

/** A failed moderation request. Carries the HTTP status but never the submitted text. */
export class ModerationRequestError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModerationRequestError';
    this.status = status;
  }

  /** Configuration errors: retrying or splitting the text cannot help. */
  get isFatal(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}
