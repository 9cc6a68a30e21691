/**
 * ModerationClient for any OpenAI-compatible `POST {baseUrl}/moderations` endpoint, on the shared
 * transport. The moderation stage receives it and does no network I/O itself.
 */
import { z } from 'zod';
import type { ModerationClient } from '../pipeline/moderation/moderation-client.ts';
import { normaliseModeration, type WildChatModeration } from '../pipeline/moderation/moderation-result.ts';
import { UpstreamError } from './llm-client.ts';
import { requestJson } from './json-request.ts';
import { RetryPolicy } from './retry-policy.ts';
import { normaliseBaseUrl } from './upstream-endpoint.ts';
import { transportFor, type UpstreamTransport } from './upstream-transport.ts';
import { withRetries } from './with-retries.ts';

export interface OpenAIModerationClientOptions {
  /** e.g. 'https://api.openai.com/v1' (a trailing slash is fine). */
  baseUrl: string;
  apiKey?: string | null;
  /** e.g. 'omni-moderation-latest' or 'text-moderation-latest'. */
  model: string;
  /** Per request, from sending it to the end of the reply (default 60 s). */
  timeoutMs?: number;
  /**
   * Extra attempts per request on the shared policy (default 0: the moderation stage retries and
   * splits failing inputs itself, and two retry loops would multiply the attempts).
   */
  retries?: number;
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
  private readonly transport: UpstreamTransport;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: OpenAIModerationClientOptions) {
    this.model = options.model;
    this.endpoint = `${normaliseBaseUrl(options.baseUrl)}/moderations`;
    this.apiKey = options.apiKey ?? null;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.transport = transportFor(options.fetch);
    this.retryPolicy = new RetryPolicy({ retries: options.retries ?? 0 });
  }

  async moderate(inputs: readonly string[]): Promise<WildChatModeration[]> {
    const body = { model: this.model, input: inputs.length === 1 ? inputs[0] : inputs };
    const reply = await withRetries(this.retryPolicy, undefined, () =>
      requestJson(this.transport, {
        method: 'POST',
        url: this.endpoint,
        apiKey: this.apiKey,
        body,
        timeoutMs: this.timeoutMs,
        what: 'moderation',
        schema: moderationResponseSchema,
      }),
    );
    if (reply.results.length !== inputs.length) {
      throw new UpstreamError('upstream_malformed', `upstream moderation reply has ${reply.results.length} results for ${inputs.length} inputs`, {
        beforeFirstByte: false,
      });
    }
    return reply.results.map((result) => normaliseModeration(result));
  }
}
