import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createEmbeddingsClient } from '../llm/embeddings-client.ts';
import { runEmbeddingBackendContract } from './embedding-backend.contract.ts';
import { HashedNgramBackend } from './hashed-ngram-backend.ts';
import { openOpenAiCompatibleBackend } from './openai-compatible-backend.ts';

// A real /v1/embeddings server on a loopback port; its vectors come from the n-gram backend, so
// the semantic checks of the contract hold across the HTTP hop. It fails the first request when asked.
const vectors = new HashedNgramBackend({ dimension: 48 });
let failNext = false;
let requests = 0;
const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    requests += 1;
    if (failNext) {
      failNext = false;
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"busy"}}');
      return;
    }
    const input = (JSON.parse(body) as { input: string[] }).input;
    void vectors.embed(input).then((embedded) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: embedded.map((vector, index) => ({ index, embedding: Array.from(vector, (value) => value * 3) })) }));
    });
  });
});
let baseUrl = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const open = () =>
  openOpenAiCompatibleBackend({
    client: createEmbeddingsClient({ baseUrl, apiKey: null, model: 'tiny-test-model', batchSize: 16, retryBaseDelayMs: 1, maxRetryDelayMs: 5 }),
    endpointName: '127.0.0.1',
  });

runEmbeddingBackendContract('OpenAI-compatible /v1/embeddings', open, { semantic: true });

test('the dimension is probed and named in the version; a failed request is retried', async () => {
  const backend = await open();
  assert.equal(backend.dimension, 48);
  assert.equal(backend.version, 'openai-compatible/127.0.0.1/tiny-test-model/d48');
  failNext = true;
  const before = requests;
  const [vector, blank] = await backend.embed(['hello there', '  ']);
  assert.ok(requests - before >= 2, 'the 503 was retried');
  assert.ok(vector && blank && blank.every((value) => value === 0));
});
