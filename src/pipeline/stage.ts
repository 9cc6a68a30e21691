/**
 * A pipeline stage: a pure, versioned function over a batch. Stages never touch the store, the
 * network (except through an injected client) or the file system, so they can run anywhere and
 * their results can be cached by (stage name, version, content hash).
 *
 * `run(batch)[i]` is the result for `batch[i]`. Bump `version` whenever the output for the same
 * input may change; cached results of other versions are then ignored.
 */
export interface Stage<Input, Output> {
  readonly name: string;
  readonly version: string;
  run(batch: readonly Input[]): Promise<readonly Output[]>;
}

/** Input of the message-level stages (language, PII, moderation, tokens). */
export interface MessageInput {
  role: 'user' | 'assistant' | 'system';
  content: string;
}
