/**
 * Moderation through an OpenAI-compatible endpoint, as WildChat did it: every non-empty message,
 * up to 3 attempts with backoff, then recursive halving of inputs that keep failing (merge: flagged
 * OR, categories OR, scores max). Empty messages get `{}` without a request.
 */
import type { MessageInput, Stage } from '../stage.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { UpstreamError } from '../../core/upstream-error.ts';
import type { ModerationClient } from './moderation-client.ts';
import { mergeModerations, type ModerationAnnotation, type WildChatModeration } from './moderation-result.ts';
import { isBlank } from './is-blank.ts';

export interface OpenAIModerationStageOptions {
  client: ModerationClient;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Inputs sent in one request (the API accepts arrays). WildChat sent one. */
  batchSize?: number;
  /** Attempts per request before falling back to smaller inputs. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles for each further attempt. */
  retryDelayMs?: number;
  /** How many times an input may be halved before the stage gives up. */
  maxSplitDepth?: number;
  /** Injected so tests need not wait. */
  sleep?: (milliseconds: number) => Promise<void>;
}

const STAGE_FORMAT_VERSION = '1';

export class OpenAIModerationStage implements Stage<MessageInput, ModerationAnnotation> {
  readonly name = 'moderation';
  readonly version: string;
  readonly source: string;
  private readonly client: ModerationClient;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly maxSplitDepth: number;
  private readonly sleep: (milliseconds: number) => Promise<void>;

  constructor(options: OpenAIModerationStageOptions) {
    this.client = options.client;
    this.concurrency = options.concurrency ?? 4;
    this.batchSize = options.batchSize ?? 1;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxSplitDepth = options.maxSplitDepth ?? 8;
    this.sleep = options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.source = `openai:${options.client.model}`;
    this.version = `${this.source}:v${STAGE_FORMAT_VERSION}`;
  }

  async run(batch: readonly MessageInput[]): Promise<readonly ModerationAnnotation[]> {
    const results = new Array<ModerationAnnotation>(batch.length);
    const pending: number[] = [];
    batch.forEach((message, index) => {
      if (isBlank(message.content)) results[index] = { source: this.source, moderation: {} };
      else pending.push(index);
    });
    const chunks: number[][] = [];
    for (let start = 0; start < pending.length; start += this.batchSize) chunks.push(pending.slice(start, start + this.batchSize));
    await mapWithConcurrency(chunks, this.concurrency, async (chunk) => {
      const moderations = await this.moderateChunk(chunk.map((index) => (batch[index] as MessageInput).content));
      chunk.forEach((index, position) => {
        results[index] = { source: this.source, moderation: moderations[position] as WildChatModeration };
      });
    });
    return results;
  }

  private async moderateChunk(texts: readonly string[]): Promise<WildChatModeration[]> {
    if (texts.length === 1) return [await this.moderateText(texts[0] as string, 0)];
    try {
      return await this.withRetries(texts);
    } catch (error) {
      if (isConfigurationFault(error)) throw error;
      // One bad input must not sink its neighbours: fall back to one request per text.
      const results: WildChatModeration[] = [];
      for (const text of texts) results.push(await this.moderateText(text, 0));
      return results;
    }
  }

  private async moderateText(text: string, depth: number): Promise<WildChatModeration> {
    try {
      const [result] = await this.withRetries([text]);
      return result as WildChatModeration;
    } catch (error) {
      const codePoints = Array.from(text);
      if (isConfigurationFault(error) || depth >= this.maxSplitDepth || codePoints.length < 2) {
        throw error;
      }
      const middle = Math.floor(codePoints.length / 2);
      const first = await this.moderateText(codePoints.slice(0, middle).join(''), depth + 1);
      const second = await this.moderateText(codePoints.slice(middle).join(''), depth + 1);
      return mergeModerations([first, second]);
    }
  }

  private async withRetries(texts: readonly string[]): Promise<WildChatModeration[]> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      if (attempt > 0) await this.sleep(this.retryDelayMs * 2 ** (attempt - 1));
      try {
        return await this.client.moderate(texts);
      } catch (error) {
        lastError = error;
        if (isConfigurationFault(error)) throw error;
      }
    }
    throw lastError;
  }
}

/** Wrong key, endpoint or model: retrying or splitting the text cannot help. */
function isConfigurationFault(error: unknown): boolean {
  return error instanceof UpstreamError && error.isConfigurationFault;
}
