/**
 * A client for any OpenAI-compatible `POST {baseUrl}/embeddings` endpoint (OpenAI, vLLM, Ollama,
 * llama.cpp): inputs are sent in batches, each batch retried on the shared policy, and the reply
 * checked with zod (one finite vector per input, all of one dimension) before it is returned in
 * input order.
 */
import { z } from 'zod';
import { UpstreamError } from './llm-client.ts';
import { RetryPolicy } from './retry-policy.ts';
import type { RetryPolicyOptions } from './retry-policy.ts';
import { requestJson } from './json-request.ts';
import { normaliseBaseUrl } from './upstream-endpoint.ts';
import { transportFor } from './upstream-transport.ts';
import type { UpstreamTransport } from './upstream-transport.ts';
import { withRetries } from './with-retries.ts';

export interface EmbeddingsClientOptions extends Omit<RetryPolicyOptions, 'retries'> {
  /** e.g. https://api.openai.com/v1 (the part before /embeddings). */
  baseUrl: string;
  apiKey: string | null;
  /** e.g. 'text-embedding-3-small'. */
  model: string;
  /** Asks models that support it (text-embedding-3-*) for shorter vectors; null leaves the model's own size. */
  dimensions?: number | null;
  /** Inputs per request (default 64; OpenAI accepts up to 2048). */
  batchSize?: number;
  /** Per request, from sending it to the end of the reply (default 60 s). */
  timeoutMs?: number;
  /** Extra attempts per batch after the first (default 2). */
  retries?: number;
  /** Replaces the default node:http transport (tests wrap the global fetch to watch requests). */
  fetch?: typeof fetch;
}

export interface EmbeddingsClient {
  readonly model: string;
  /**
   * One vector per text, in order. Throws UpstreamError when a batch fails after its retries, and
   * a plain Error for an empty text (the endpoints reject those) naming its position only.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const DEFAULT_BATCH_SIZE = 64;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRIES = 2;

const embeddingsReplySchema = z.object({
  data: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      // Requested as floats; JSON cannot carry NaN or infinities, so every entry is finite.
      embedding: z.array(z.number()).min(1),
    }),
  ),
});

export function createEmbeddingsClient(options: EmbeddingsClientOptions): EmbeddingsClient {
  const url = `${normaliseBaseUrl(options.baseUrl)}/embeddings`;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('embeddings batch size must be a positive integer');
  const dimensions = options.dimensions ?? null;
  if (dimensions !== null && (!Number.isInteger(dimensions) || dimensions < 1)) throw new Error('embedding dimensions must be a positive integer');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport: UpstreamTransport = transportFor(options.fetch);
  const retryPolicy = new RetryPolicy({ ...options, retries: options.retries ?? DEFAULT_RETRIES });

  async function embedBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: options.model, input: texts, encoding_format: 'float' };
    if (dimensions !== null) body.dimensions = dimensions;
    const reply = await withRetries(retryPolicy, signal, () =>
      requestJson(transport, { method: 'POST', url, apiKey: options.apiKey, body, timeoutMs, what: 'embeddings', schema: embeddingsReplySchema, signal }),
    );
    return vectorsInInputOrder(reply.data, texts.length, dimensions);
  }

  return {
    model: options.model,
    async embed(texts, signal) {
      const emptyAt = texts.findIndex((text) => text.length === 0);
      if (emptyAt !== -1) throw new Error(`embedding input at position ${emptyAt} is empty`);
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), signal)));
      }
      if (vectors.length > 0) assertOneDimension(vectors);
      return vectors;
    },
  };
}

/** The endpoints may answer out of order; `index` says which input each vector belongs to. */
function vectorsInInputOrder(data: readonly { index: number; embedding: number[] }[], inputCount: number, dimensions: number | null): Float32Array[] {
  if (data.length !== inputCount) throw malformed(`${data.length} embeddings for ${inputCount} inputs`);
  const vectors: (Float32Array | undefined)[] = Array.from({ length: inputCount });
  for (const item of data) {
    if (item.index >= inputCount || vectors[item.index] !== undefined) throw malformed('embedding indexes do not match the inputs');
    if (dimensions !== null && item.embedding.length !== dimensions)
      throw malformed(`embedding of ${item.embedding.length} dimensions, ${dimensions} requested`);
    vectors[item.index] = Float32Array.from(item.embedding);
  }
  const complete = vectors.filter((vector): vector is Float32Array => vector !== undefined);
  assertOneDimension(complete);
  return complete;
}

function assertOneDimension(vectors: readonly Float32Array[]): void {
  const dimension = vectors[0]?.length;
  if (vectors.some((vector) => vector.length !== dimension)) throw malformed('embeddings of different dimensions');
}

function malformed(detail: string): UpstreamError {
  return new UpstreamError('upstream_malformed', `upstream embeddings reply is inconsistent: ${detail}`, { beforeFirstByte: false });
}
