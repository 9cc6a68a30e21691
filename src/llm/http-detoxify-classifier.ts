/**
 * DetoxifyClassifier over HTTP on the shared transport: `POST {url}` with `{"texts": [...]}`; the
 * answer is either `{"results": [scores, ...]}` or a bare array of scores, one per text, each with
 * the Detoxify keys. The stage receives it and does no network I/O itself.
 */
import { z } from 'zod';
import { detoxifyScoresSchema, toDetoxifyScores, type DetoxifyClassifier, type DetoxifyScores } from '../pipeline/moderation/detoxify-classifier.ts';
import { UpstreamError } from './llm-client.ts';
import { requestJson } from './json-request.ts';
import { RetryPolicy } from './retry-policy.ts';
import { transportFor, type UpstreamTransport } from './upstream-transport.ts';
import { withRetries } from './with-retries.ts';

export interface HttpDetoxifyClassifierOptions {
  url: string;
  /** Shown in the stage version, e.g. 'detoxify-multilingual'. */
  model?: string;
  apiKey?: string | null;
  /** Per request, from sending it to the end of the reply (default 60 s). */
  timeoutMs?: number;
  /** Extra attempts per request for faults before the reply (default 2). */
  retries?: number;
  fetch?: typeof globalThis.fetch;
}

const responseSchema = z.union([z.object({ results: z.array(detoxifyScoresSchema) }), z.array(detoxifyScoresSchema)]);

export class HttpDetoxifyClassifier implements DetoxifyClassifier {
  readonly model: string;
  private readonly url: string;
  private readonly apiKey: string | null;
  private readonly timeoutMs: number;
  private readonly transport: UpstreamTransport;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: HttpDetoxifyClassifierOptions) {
    const parsed = URL.canParse(options.url) ? new URL(options.url) : null;
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new Error('detoxify URL must be an http or https URL');
    this.url = options.url;
    this.model = options.model ?? 'detoxify-multilingual';
    this.apiKey = options.apiKey ?? null;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.transport = transportFor(options.fetch);
    this.retryPolicy = new RetryPolicy({ retries: options.retries ?? 2 });
  }

  async classify(texts: readonly string[]): Promise<DetoxifyScores[]> {
    const reply = await withRetries(this.retryPolicy, undefined, () =>
      requestJson(this.transport, {
        method: 'POST',
        url: this.url,
        apiKey: this.apiKey,
        body: { texts },
        timeoutMs: this.timeoutMs,
        what: 'detoxify',
        schema: responseSchema,
      }),
    );
    const results = Array.isArray(reply) ? reply : reply.results;
    if (results.length !== texts.length) {
      throw new UpstreamError('upstream_malformed', `upstream detoxify reply has ${results.length} results for ${texts.length} texts`, {
        beforeFirstByte: false,
      });
    }
    return results.map((result) => toDetoxifyScores(result));
  }
}
