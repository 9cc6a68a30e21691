import { before, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startUpstreamDouble, unreachableBaseUrl } from '../../test/doubles/upstream-double.ts';
import type { UpstreamDouble, UpstreamDoubleOptions } from '../../test/doubles/upstream-double.ts';
import { createOpenAiCompatibleClient } from './openai-compatible-client.ts';
import type { OpenAiCompatibleClientOptions } from './openai-compatible-client.ts';
import { UpstreamError } from './llm-client.ts';
import type { ChatRequest, ChatStreamEvent, LlmClient } from './llm-client.ts';

const USER_TEXT = 'my secret question about Zürich 😀';

interface Harness {
  client: LlmClient;
  /** Delays the client asked to wait before each retry (the tests do not really wait). */
  retryDelays: number[];
  fetchCalls: number;
}

/**
 * Every test runs against both transports: the default node:http one the server uses, and an
 * injected fetch (which also lets the harness count attempts).
 */
const TRANSPORTS = ['node:http', 'fetch'] as const;
let transport: (typeof TRANSPORTS)[number] = 'node:http';

function makeClient(baseUrl: string, overrides: Partial<OpenAiCompatibleClientOptions> = {}): Harness {
  const harness: Harness = { client: undefined as unknown as LlmClient, retryDelays: [], fetchCalls: 0 };
  harness.client = createOpenAiCompatibleClient({
    baseUrl,
    apiKey: 'test-key',
    firstTokenTimeoutMs: 5_000,
    stallTimeoutMs: 5_000,
    retries: 2,
    random: () => 0.5,
    sleep: async (milliseconds) => {
      harness.retryDelays.push(milliseconds);
    },
    ...(transport === 'fetch'
      ? {
          fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
            harness.fetchCalls++;
            return fetch(input, init);
          },
        }
      : {}),
    ...overrides,
  });
  return harness;
}

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'double-small',
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: USER_TEXT },
    ],
    params: { temperature: 0.3, max_tokens: 50, seed: 7, top_p: null },
    ...overrides,
  };
}

interface Collected {
  events: ChatStreamEvent[];
  error: UpstreamError | null;
}

async function collect(stream: AsyncIterable<ChatStreamEvent>, onEvent?: (event: ChatStreamEvent) => void | Promise<void>): Promise<Collected> {
  const events: ChatStreamEvent[] = [];
  try {
    for await (const event of stream) {
      events.push(event);
      await onEvent?.(event);
    }
  } catch (error) {
    if (error instanceof UpstreamError) return { events, error };
    throw error;
  }
  return { events, error: null };
}

function replyText(events: ChatStreamEvent[]): string {
  return events.map((event) => (event.type === 'delta' ? event.text : '')).join('');
}

async function withDouble(run: (double: UpstreamDouble) => Promise<void>, options: UpstreamDoubleOptions = {}): Promise<void> {
  const double = await startUpstreamDouble(options);
  try {
    await run(double);
  } finally {
    await double.close();
  }
}

function assertNoLeak(error: UpstreamError): void {
  assert.ok(!error.message.includes('Zürich'), 'error message must not contain user text');
  assert.ok(!error.message.includes('double fault'), 'error message must not contain the upstream body');
}

for (const transportName of TRANSPORTS) {
  describe(`transport ${transportName}`, () => {
    // Suites run one after another, so makeClient sees the transport of the suite running.
    before(() => {
      transport = transportName;
    });

    describe(`createOpenAiCompatibleClient streaming (${transportName})`, () => {
      test('streams start, deltas, finish and usage, and sends the expected request', async () => {
        await withDouble(async (double) => {
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
          const start = events[0];
          assert.ok(start?.type === 'start');
          assert.match(start.id ?? '', /^chatcmpl-double-/);
          assert.equal(start.model, 'double-small');
          assert.equal(start.systemFingerprint, 'fp_double');
          assert.equal(typeof start.created, 'number');
          assert.deepEqual(events.slice(-2), [
            { type: 'finish', finishReason: 'stop' },
            { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17 } },
          ]);
          assert.ok(events.filter((event) => event.type === 'delta').length >= 2, 'the reply arrives in several deltas');
          assert.equal(double.requests.length, 1);
          const recorded = double.requests[0];
          assert.equal(recorded?.headers.authorization, 'Bearer test-key');
          assert.deepEqual(recorded?.body, {
            model: 'double-small',
            messages: chatRequest().messages,
            stream: true,
            stream_options: { include_usage: true },
            temperature: 0.3,
            max_tokens: 50,
            seed: 7,
          });
        });
      });

      test('sends no Authorization header without an API key, and accepts a base URL with a trailing slash', async () => {
        await withDouble(async (double) => {
          const { client } = makeClient(`${double.baseUrl}/`, { apiKey: null });
          const { error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(double.requests[0]?.headers.authorization, undefined);
        });
      });

      test('keeps multi-byte characters whole across deltas', async () => {
        await withDouble(async (double) => {
          const pieces = ['中文', '😀👋🏽', ' é', '\n"quoted"\\'];
          double.setReply({ text: pieces.join(''), chunks: pieces });
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.deepEqual(
            events.filter((event) => event.type === 'delta').map((event) => (event.type === 'delta' ? event.text : '')),
            pieces,
          );
        });
      });

      test('a missing usage chunk is not an error', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'missing_usage' });
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(
            events.some((event) => event.type === 'usage'),
            false,
          );
          assert.deepEqual(events.at(-1), { type: 'finish', finishReason: 'stop' });
        });
      });

      test('an upstream that goes silent after finish_reason ends the stream without usage', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'stall_after_finish' });
          const { client } = makeClient(double.baseUrl, { stallTimeoutMs: 150 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.deepEqual(events.at(-1), { type: 'finish', finishReason: 'stop' });
          assert.equal(
            events.some((event) => event.type === 'usage'),
            false,
          );
          await double.waitForIdle();
          assert.deepEqual(double.streamOutcomes, ['client_closed']);
        });
      });

      test('accepts an upstream that ignores stream: true and answers with one JSON completion', async () => {
        await withDouble(async (double) => {
          const { client } = makeClient(double.baseUrl, {
            fetch: (input, init) => {
              const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
              return fetch(input, { ...init, body: JSON.stringify({ ...body, stream: false }) });
            },
          });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.deepEqual(
            events.map((event) => event.type),
            ['start', 'delta', 'finish', 'usage'],
          );
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
        });
      });

      test('reasoning deltas count as the first token but are not part of the reply', async () => {
        await withDouble(async (double) => {
          // The reply itself starts after 8 x 60 ms, later than the first-token timeout.
          double.setReply({ text: 'answer', chunks: ['ans', 'wer'], reasoning: Array.from({ length: 8 }, (_, index) => `thought ${index} `), delayMs: 60 });
          const { client } = makeClient(double.baseUrl, { firstTokenTimeoutMs: 400, stallTimeoutMs: 400 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), 'answer');
        });
      });

      test('a slow consumer is not mistaken for a stalled upstream', async () => {
        await withDouble(async (double) => {
          double.setReply({ text: 'abc', chunks: ['a', 'b', 'c'] });
          const { client } = makeClient(double.baseUrl, { stallTimeoutMs: 100 });
          const { events, error } = await collect(client.streamChat(chatRequest()), (event) =>
            event.type === 'delta' ? new Promise((resolve) => setTimeout(resolve, 250)) : undefined,
          );
          assert.equal(error, null);
          assert.equal(replyText(events), 'abc');
        });
      });
    });

    describe(`createOpenAiCompatibleClient faults and retries (${transportName})`, () => {
      test('429 with Retry-After is retried after the requested wait, then succeeds', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 429, retryAfter: 2 }, { count: 2 });
          const harness = makeClient(double.baseUrl);
          const { events, error } = await collect(harness.client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
          assert.equal(double.requests.length, 3);
          assert.equal(harness.retryDelays.length, 2);
          assert.ok(
            harness.retryDelays.every((delay) => delay >= 2_000),
            `delays ${harness.retryDelays.join(',')}`,
          );
        });
      });

      test('429 asking for longer than the cap is returned at once with retryAfterSeconds', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 429, retryAfter: 120 });
          const { client } = makeClient(double.baseUrl, { maxRetryDelayMs: 5_000 });
          const { error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_rate_limited');
          assert.equal(error?.retryAfterSeconds, 120);
          assert.equal(error?.upstreamStatus, 429);
          assert.equal(double.requests.length, 1);
        });
      });

      test('5xx is retried with growing backoff until the retries run out', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 500 });
          double.injectFault({ type: 'status', status: 503 }, { count: 5 });
          const harness = makeClient(double.baseUrl, { retries: 3, retryBaseDelayMs: 100 });
          const { events, error } = await collect(harness.client.streamChat(chatRequest()));
          assert.ok(error !== null);
          assert.equal(error.code, 'upstream_server_error');
          assert.equal(error.upstreamStatus, 503);
          assert.equal(error.beforeFirstByte, true);
          assertNoLeak(error);
          assert.deepEqual(events, []);
          assert.equal(double.requests.length, 4);
          // Exponential with jitter fixed at 0.5: 75% of 100, 200, 400.
          assert.deepEqual(harness.retryDelays, [75, 150, 300]);
        });
      });

      test('a 503 asking to come back later than the cap is not retried', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 503, retryAfter: 60 }, { count: 3 });
          const { client } = makeClient(double.baseUrl, { maxRetryDelayMs: 5_000 });
          const { error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_server_error');
          assert.equal(error?.retryAfterSeconds, 60);
          assert.equal(double.requests.length, 1);
        });
      });

      test('5xx followed by success yields the reply', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 502 });
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
          assert.equal(double.requests.length, 2);
        });
      });

      test('other 4xx answers are never retried', async () => {
        for (const status of [400, 401, 404, 422]) {
          await withDouble(async (double) => {
            double.injectFault({ type: 'status', status }, { count: 3 });
            const { client } = makeClient(double.baseUrl);
            const { error } = await collect(client.streamChat(chatRequest()));
            assert.ok(error !== null);
            assert.equal(error.code, 'upstream_client_error');
            assert.equal(error.upstreamStatus, status);
            assert.ok(error.message.includes(String(status)));
            assertNoLeak(error);
            assert.equal(double.requests.length, 1);
          });
        }
      });

      test('a refused connection is upstream_unreachable after every attempt', async () => {
        const harness = makeClient(await unreachableBaseUrl(), { retries: 2 });
        const { error } = await collect(harness.client.streamChat(chatRequest()));
        assert.equal(error?.code, 'upstream_unreachable');
        assert.equal(error?.beforeFirstByte, true);
        assert.match(error?.message ?? '', /ECONNREFUSED/);
        if (transport === 'fetch') assert.equal(harness.fetchCalls, 3);
      });

      test('recovers when the upstream starts accepting connections again', async () => {
        await withDouble(async (double) => {
          await double.refuseConnections(150);
          // Real waits here: the retries must outlast the outage.
          const harness = makeClient(double.baseUrl, { retries: 6, retryBaseDelayMs: 100, sleep: undefined });
          const { events, error } = await collect(harness.client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
          if (transport === 'fetch') assert.ok(harness.fetchCalls >= 2);
          assert.equal(double.requests.length, 1);
        });
      });

      test('no response headers within the first-token timeout is retried', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'hang_before_headers' }, { count: 2 });
          const { client } = makeClient(double.baseUrl, { firstTokenTimeoutMs: 500 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error, null);
          assert.equal(replyText(events), `Echo: ${USER_TEXT}`);
          assert.equal(double.requests.length, 3);
        });
      });

      test('headers but no first token within the timeout gives upstream_timeout_first_token', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'stall_before_first_token' }, { count: 5 });
          const { client } = makeClient(double.baseUrl, { firstTokenTimeoutMs: 150, retries: 1 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_timeout_first_token');
          assert.equal(error?.beforeFirstByte, true);
          assert.deepEqual(events, []);
          assert.equal(double.requests.length, 2);
          await double.waitForIdle();
          assert.deepEqual(double.streamOutcomes, ['client_closed', 'client_closed']);
        });
      });

      test('no first token after the role chunk already arrived is not retried', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'stall_mid_stream', afterChunks: 0 }, { count: 3 });
          const { client } = makeClient(double.baseUrl, { firstTokenTimeoutMs: 150 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_timeout_first_token');
          assert.equal(error?.beforeFirstByte, false);
          assert.deepEqual(
            events.map((event) => event.type),
            ['start'],
          );
          assert.equal(double.requests.length, 1);
        });
      });

      test('a stall after the first token gives upstream_stalled and is not retried', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'stall_mid_stream', afterChunks: 2 });
          const { client } = makeClient(double.baseUrl, { stallTimeoutMs: 150 });
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_stalled');
          assert.equal(error?.beforeFirstByte, false);
          assert.equal(events.filter((event) => event.type === 'delta').length, 2);
          assert.equal(double.requests.length, 1);
          await double.waitForIdle();
          assert.deepEqual(double.streamOutcomes, ['client_closed']);
        });
      });

      test('a connection cut mid-stream gives upstream_stream_cut after the deltas already sent', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'cut', afterChunks: 2 });
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_stream_cut');
          assert.equal(error?.beforeFirstByte, false);
          assert.equal(events.filter((event) => event.type === 'delta').length, 2);
          assert.equal(double.requests.length, 1);
        });
      });

      test('a stream that ends cleanly without finish_reason or [DONE] is upstream_stream_cut', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'end_without_finish', afterChunks: 0 });
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest()));
          assert.equal(error?.code, 'upstream_stream_cut');
          assert.deepEqual(
            events.map((event) => event.type),
            ['start'],
          );
          assert.equal(double.requests.length, 1);
        });
      });

      test('an unparseable or wrongly shaped chunk gives upstream_malformed and stops the stream', async () => {
        for (const variant of ['json', 'shape'] as const) {
          await withDouble(async (double) => {
            double.injectFault({ type: 'malformed', afterChunks: 1, variant });
            const { client } = makeClient(double.baseUrl);
            const { events, error } = await collect(client.streamChat(chatRequest()));
            assert.ok(error !== null);
            assert.equal(error.code, 'upstream_malformed');
            assertNoLeak(error);
            assert.equal(events.filter((event) => event.type === 'delta').length, 1);
            assert.equal(
              events.some((event) => event.type === 'finish'),
              false,
            );
            assert.equal(double.requests.length, 1);
          });
        }
      });
    });

    describe(`createOpenAiCompatibleClient cancellation (${transportName})`, () => {
      test('aborting the signal mid-stream cancels the upstream request', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'slow', delayMs: 40 });
          double.setReply({ text: 'x'.repeat(400), chunkCount: 200 });
          const controller = new AbortController();
          const { client } = makeClient(double.baseUrl);
          const { events, error } = await collect(client.streamChat(chatRequest({ signal: controller.signal })), (event) => {
            if (event.type === 'delta') controller.abort();
          });
          assert.equal(error?.code, 'aborted');
          assert.equal(events.filter((event) => event.type === 'delta').length, 1);
          await double.waitForIdle();
          assert.deepEqual(double.streamOutcomes, ['client_closed']);
        });
      });

      test('a consumer that stops iterating also closes the upstream request', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'slow', delayMs: 40 });
          double.setReply({ text: 'y'.repeat(400), chunkCount: 200 });
          const { client } = makeClient(double.baseUrl);
          for await (const event of client.streamChat(chatRequest())) {
            if (event.type === 'delta') break;
          }
          await double.waitForIdle();
          assert.deepEqual(double.streamOutcomes, ['client_closed']);
        });
      });

      test('an already aborted signal sends nothing', async () => {
        await withDouble(async (double) => {
          const { client } = makeClient(double.baseUrl);
          const { error } = await collect(client.streamChat(chatRequest({ signal: AbortSignal.abort() })));
          assert.equal(error?.code, 'aborted');
          assert.equal(double.requests.length, 0);
        });
      });

      test('aborting while waiting to retry stops the retries', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'status', status: 503 }, { count: 5 });
          const controller = new AbortController();
          const { client } = makeClient(double.baseUrl, {
            sleep: async () => {
              controller.abort();
            },
          });
          const { error } = await collect(client.streamChat(chatRequest({ signal: controller.signal })));
          assert.equal(error?.code, 'aborted');
          assert.equal(double.requests.length, 1);
        });
      });
    });

    describe(`createOpenAiCompatibleClient listModels (${transportName})`, () => {
      test('lists the upstream models', async () => {
        await withDouble(async (double) => {
          const { client } = makeClient(double.baseUrl);
          assert.deepEqual(await client.listModels(), [
            { id: 'double-small', ownedBy: 'upstream-double' },
            { id: 'double-large', ownedBy: 'upstream-double' },
          ]);
          assert.equal(double.requests[0]?.path, '/v1/models');
          assert.equal(double.requests[0]?.headers.authorization, 'Bearer test-key');
        });
      });

      test('retries a 503 and reports a wrong key as a client error', async () => {
        await withDouble(
          async (double) => {
            double.injectFault({ type: 'status', status: 503 }, { route: 'models' });
            const good = makeClient(double.baseUrl, { apiKey: 'right-key' });
            assert.equal((await good.client.listModels()).length, 1);
            assert.equal(double.requests.length, 2);
            const wrong = makeClient(double.baseUrl, { apiKey: 'wrong-key' });
            await assert.rejects(
              wrong.client.listModels(),
              (error: unknown) => error instanceof UpstreamError && error.code === 'upstream_client_error' && error.upstreamStatus === 401,
            );
            assert.equal(double.requests.length, 3);
          },
          { apiKey: 'right-key', models: ['only-model'] },
        );
      });

      test('times out when the model list never comes', async () => {
        await withDouble(async (double) => {
          double.injectFault({ type: 'hang_before_headers' }, { route: 'models', count: 2 });
          const { client } = makeClient(double.baseUrl, { firstTokenTimeoutMs: 100, retries: 1 });
          await assert.rejects(client.listModels(), (error: unknown) => error instanceof UpstreamError && error.code === 'upstream_timeout_first_token');
          assert.equal(double.requests.length, 2);
        });
      });
    });
  });
}
