import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddingsClient } from './embeddings-client.ts';
import type { EmbeddingsClientOptions } from './embeddings-client.ts';
import { UpstreamError } from './llm-client.ts';

const SECRET_TEXT = 'my private note about Zürich';

interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string[]; encoding_format: string; dimensions?: number };
}

/** What the double answers to the next requests, in order; afterwards it embeds normally. */
type Fault = { status: number; headers?: Record<string, string> } | 'not-json' | 'wrong-shape' | 'missing-vector' | 'hang';

let server: Server;
let baseUrl: string;
let requests: RecordedRequest[] = [];
let faults: Fault[] = [];

/** A deterministic 3-dimensional vector per text, so the test can check the order. */
function vectorOf(text: string): number[] {
  return [text.length, text.codePointAt(0) ?? 0, 0.5];
}

function answer(request: IncomingMessage, response: ServerResponse, raw: string): void {
  const body = JSON.parse(raw) as RecordedRequest['body'];
  requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
  const fault = faults.shift();
  if (fault === 'hang') return;
  if (typeof fault === 'object') {
    response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
    // Real endpoints often echo the input in their error body; the client must not pass it on.
    response.end(JSON.stringify({ error: { message: `bad input: ${body.input.join(' ')}` } }));
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  if (fault === 'not-json') {
    response.end('<html>oops</html>');
    return;
  }
  if (fault === 'wrong-shape') {
    response.end(JSON.stringify({ data: [{ index: 0, embedding: 'not a vector' }] }));
    return;
  }
  const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text).slice(0, body.dimensions ?? 3) }));
  if (fault === 'missing-vector') data.pop();
  // Reversed: the client must restore input order from `index`.
  response.end(JSON.stringify({ object: 'list', model: body.model, data: data.reverse(), usage: { prompt_tokens: 3, total_tokens: 3 } }));
}

before(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => answer(request, response, raw));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeClient(overrides: Partial<EmbeddingsClientOptions> = {}, delays: number[] = []) {
  requests = [];
  faults = [];
  return createEmbeddingsClient({
    baseUrl,
    apiKey: 'test-key',
    model: 'text-embedding-3-small',
    batchSize: 2,
    random: () => 0.5,
    sleep: async (milliseconds) => {
      delays.push(milliseconds);
    },
    ...overrides,
  });
}

function assertUpstreamError(code: UpstreamError['code']) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof UpstreamError);
    assert.equal(error.code, code);
    assert.ok(!error.message.includes('Zürich'), 'the error never carries the input text');
    return true;
  };
}

describe('embeddings client', () => {
  test('sends batches with the bearer key and returns the vectors in input order', async () => {
    const client = makeClient();
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const vectors = await client.embed(texts);
    assert.deepEqual(
      vectors.map((vector) => Array.from(vector)),
      texts.map(vectorOf),
    );
    assert.ok(vectors.every((vector) => vector instanceof Float32Array));
    assert.deepEqual(
      requests.map((request) => request.body.input),
      [['a', 'bb'], ['ccc', 'dddd'], ['eeeee']],
    );
    assert.ok(requests.every((request) => request.path === '/v1/embeddings' && request.authorization === 'Bearer test-key'));
    assert.ok(requests.every((request) => request.body.model === 'text-embedding-3-small' && request.body.encoding_format === 'float'));
    assert.equal(client.model, 'text-embedding-3-small');
  });

  test('asks for shorter vectors when dimensions are set, and sends no key when there is none', async () => {
    const client = makeClient({ dimensions: 2, apiKey: null });
    const [vector] = await client.embed(['hello']);
    assert.deepEqual(Array.from(vector ?? []), [5, 104]);
    assert.equal(requests[0]?.body.dimensions, 2);
    assert.equal(requests[0]?.authorization, undefined);
  });

  test('no texts make no request', async () => {
    const client = makeClient();
    assert.deepEqual(await client.embed([]), []);
    assert.equal(requests.length, 0);
  });

  test('retries a batch after 429 and 5xx with the policy delays, then succeeds', async () => {
    const delays: number[] = [];
    const client = makeClient({ retryBaseDelayMs: 100 }, delays);
    faults = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }];
    const vectors = await client.embed(['one', 'two']);
    assert.equal(vectors.length, 2);
    assert.equal(requests.length, 3);
    assert.deepEqual(delays, [75, 150]);
  });

  test('gives up after the configured retries with the upstream status', async () => {
    const client = makeClient({ retries: 1 });
    faults = [{ status: 500 }, { status: 500 }, { status: 500 }];
    await assert.rejects(client.embed([SECRET_TEXT]), (error: unknown) => {
      assertUpstreamError('upstream_server_error')(error);
      assert.equal((error as UpstreamError).upstreamStatus, 500);
      return true;
    });
    assert.equal(requests.length, 2);
  });

  test('does not retry a client error such as a wrong key', async () => {
    const client = makeClient();
    faults = [{ status: 401 }];
    await assert.rejects(client.embed([SECRET_TEXT]), assertUpstreamError('upstream_client_error'));
    assert.equal(requests.length, 1);
  });

  test('rejects a reply that is not JSON, has the wrong shape, or misses a vector', async () => {
    for (const fault of ['not-json', 'wrong-shape', 'missing-vector'] as const) {
      const client = makeClient();
      faults = [fault];
      await assert.rejects(client.embed([SECRET_TEXT, 'second']), assertUpstreamError('upstream_malformed'), fault);
      assert.equal(requests.length, 1, `${fault} is not retried`);
    }
  });

  test('times out a hanging request and retries it', async () => {
    // Attempts are counted on the client side: on a loaded machine the double may record a
    // request only after the client has already timed it out.
    let attempts = 0;
    const client = makeClient({ timeoutMs: 100, retries: 1, fetch: (input, init) => (attempts++, fetch(input, init)) });
    faults = ['hang', 'hang'];
    await assert.rejects(client.embed([SECRET_TEXT]), assertUpstreamError('upstream_timeout_first_token'));
    assert.equal(attempts, 2);
  });

  test('an unreachable upstream is upstream_unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = makeClient({ baseUrl: `http://127.0.0.1:${port}/v1`, retries: 0 });
    await assert.rejects(client.embed([SECRET_TEXT]), assertUpstreamError('upstream_unreachable'));
  });

  test('an aborted call stops without another attempt', async () => {
    let attempts = 0;
    const client = makeClient({ timeoutMs: 5_000, fetch: (input, init) => (attempts++, fetch(input, init)) });
    faults = ['hang'];
    const controller = new AbortController();
    const pending = client.embed([SECRET_TEXT], controller.signal);
    // Abort only once the request has arrived, so a slow machine cannot abort before the attempt exists.
    const abortOnArrival = setInterval(() => {
      if (requests.length > 0) {
        clearInterval(abortOnArrival);
        controller.abort();
      }
    }, 5);
    await assert.rejects(pending, assertUpstreamError('aborted'));
    assert.equal(attempts, 1);
  });

  test('refuses an empty text by position, before sending anything', async () => {
    const client = makeClient();
    await assert.rejects(client.embed(['fine', '']), /position 1 is empty/);
    assert.equal(requests.length, 0);
  });

  test('refuses an invalid configuration', () => {
    assert.throws(() => makeClient({ baseUrl: 'ftp://example.org' }), /http or https/);
    assert.throws(() => makeClient({ batchSize: 0 }), /batch size/);
    assert.throws(() => makeClient({ dimensions: 1.5 }), /dimensions/);
  });
});
