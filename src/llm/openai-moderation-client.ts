/**
 * ModerationClient for any OpenAI-compatible `POST {baseUrl}/moderations` endpoint, over fetch.
 * This is the one file of the moderation stage that does network I/O; it is passed into the stage.
 */
import { z } from 'zod';
import { ModerationRequestError, type ModerationClient } from '../pipeline/moderation/moderation-client.ts';
import { normaliseModeration, type WildChatModeration } from '../pipeline/moderation/moderation-result.ts';

export interface OpenAIModerationClientOptions {
  /** e.g. 'https://api.openai.com/v1' (a trailing slash is fine). */
  baseUrl: string;
  apiKey?: string | null;
  /** e.g. 'omni-moderation-latest' or 'text-moderation-latest'. */
  model: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const scoreRecordSchema = z.record(z.string(), z.number().nullable().optional());
const flagRecordSchema = z.record(z.string(), z.boolean().nullable().optional());
const moderationResponseSchema = z.object({
  results: z.array(
    z.object({
      flagged: z.boolean(),
      categories: flagRecordSchema,
      category_scores: scoreRecordSchema,
    }),
  ),
});

export class OpenAIModerationClient implements ModerationClient {
  readonly model: string;
  private readonly endpoint: string;
  private readonly apiKey: string | null;
  private readonly timeoutMs: number;
  private readonly fetchImplementation: typeof globalThis.fetch;

  constructor(options: OpenAIModerationClientOptions) {
    this.model = options.model;
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/moderations`;
    this.apiKey = options.apiKey ?? null;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImplementation = options.fetch ?? globalThis.fetch;
  }

  async moderate(inputs: readonly string[]): Promise<WildChatModeration[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.apiKey !== null && this.apiKey !== '') headers.authorization = `Bearer ${this.apiKey}`;
    let response: Response;
    try {
      response = await this.fetchImplementation(this.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.model, input: inputs.length === 1 ? inputs[0] : inputs }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ModerationRequestError(`moderation request failed: ${describeNetworkError(error)}`, null, { cause: error });
    }
    if (!response.ok) {
      // The body may echo the input, so it is read and dropped rather than put in the error.
      await response.arrayBuffer().catch(() => undefined);
      throw new ModerationRequestError(`moderation endpoint answered HTTP ${response.status}`, response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new ModerationRequestError('moderation endpoint returned invalid JSON', response.status, { cause: error });
    }
    const parsed = moderationResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new ModerationRequestError('moderation endpoint returned an unexpected body shape', response.status);
    }
    if (parsed.data.results.length !== inputs.length) {
      throw new ModerationRequestError(`moderation endpoint returned ${parsed.data.results.length} results for ${inputs.length} inputs`, response.status);
    }
    return parsed.data.results.map((result) => normaliseModeration(result));
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code : error.name;
  }
  return 'unknown error';
}
