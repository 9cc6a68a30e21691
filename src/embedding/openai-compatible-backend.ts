/**
 * An OpenAI-compatible /v1/embeddings server (OpenAI, vLLM, Ollama, llama.cpp) as an
 * EmbeddingBackend, through src/llm's embeddings client (batching, retries, reply checks). The
 * dimension is learnt from one probe request when the backend opens, so the version names it.
 */
import type { EmbeddingsClient } from '../llm/embeddings-client.ts';
import { checkEmbeddingBatch, normalizeInPlace, type EmbeddingBackend } from './embedding-backend.ts';

export interface OpenAiCompatibleBackendOptions {
  client: EmbeddingsClient;
  /** Host of the server, part of the version: two servers may serve different weights under one name. */
  endpointName: string;
  maxBatchSize?: number;
}

/** Endpoints reject empty inputs; a blank text gets the zero vector without a request. */
const isBlank = (text: string): boolean => text.trim() === '';

export async function openOpenAiCompatibleBackend(options: OpenAiCompatibleBackendOptions): Promise<EmbeddingBackend> {
  const [probe] = await options.client.embed(['dimension probe']);
  if (probe === undefined) throw new Error('the embeddings endpoint returned no vector for the probe');
  const dimension = probe.length;
  const version = `openai-compatible/${options.endpointName}/${options.client.model}/d${dimension}`;
  const backend: EmbeddingBackend = {
    id: 'openai-compatible',
    version,
    dimension,
    maxBatchSize: options.maxBatchSize ?? 64,
    async embed(texts, signal) {
      const sent = texts.filter((text) => !isBlank(text));
      const received = sent.length === 0 ? [] : await options.client.embed(sent, signal);
      checkEmbeddingBatch(backend, sent.length, received);
      let next = 0;
      return texts.map((text) => (isBlank(text) ? new Float32Array(dimension) : normalizeInPlace(Float32Array.from(received[next++] ?? []))));
    },
    close: () => Promise.resolve(),
  };
  return backend;
}
