import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { splitText, startUpstreamDouble, unreachableBaseUrl } from './upstream-double.ts';
import type { UpstreamDouble, UpstreamDoubleOptions } from './upstream-double.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function withDouble(run: (double: UpstreamDouble) => Promise<void>, options: UpstreamDoubleOptions = {}): Promise<void> {
  const double = await startUpstreamDouble(options);
  try {
    await run(double);
  } finally {
    await double.close();
  }
}

function openAiClient(double: UpstreamDouble, apiKey = 'any-key'): OpenAI {
  return new OpenAI({ baseURL: double.baseUrl, apiKey, maxRetries: 0 });
}

function postChat(double: UpstreamDouble, body: unknown): Promise<Response> {
  return fetch(`${double.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const streamingBody = { model: 'double-small', messages: [{ role: 'user', content: 'hello there' }], stream: true };

describe('upstream double with the official openai client', () => {
  test('streams an echo reply with usage and records the request', async () => {
    await withDouble(async (double) => {
      const stream = await openAiClient(double).chat.completions.create({
        model: 'double-small',
        messages: [{ role: 'user', content: 'hello there, double' }],
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.2,
      });
      let text = '';
      const finishReasons: (string | null)[] = [];
      let usage: OpenAI.CompletionUsage | null | undefined = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
        if (chunk.usage) usage = chunk.usage;
        assert.equal(chunk.model, 'double-small');
      }
      assert.equal(text, 'Echo: hello there, double');
      assert.deepEqual(finishReasons, ['stop']);
      assert.deepEqual(usage, { prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
      assert.equal(double.requests.length, 1);
      const recorded = double.requests[0];
      assert.equal(recorded?.route, 'chat');
      assert.equal(recorded?.headers.authorization, 'Bearer any-key');
      assert.deepEqual((recorded?.body as { temperature?: number }).temperature, 0.2);
      assert.deepEqual(double.streamOutcomes, ['completed']);
      assert.equal(double.activeStreams, 0);
    });
  });

  test('answers without streaming, lists models and moderates', async () => {
    await withDouble(async (double) => {
      const client = openAiClient(double);
      const completion = await client.chat.completions.create({ model: 'double-large', messages: [{ role: 'user', content: 'plain' }] });
      assert.equal(completion.choices[0]?.message.content, 'Echo: plain');
      assert.equal(completion.choices[0]?.finish_reason, 'stop');
      assert.equal(completion.usage?.total_tokens, 4);

      const models = await client.models.list();
      assert.deepEqual(
        models.data.map((model) => model.id),
        ['double-small', 'double-large'],
      );

      const moderation = await client.moderations.create({ model: 'omni-moderation-latest', input: ['I will kill the process', 'a kind word'] });
      const [violent, kind] = moderation.results;
      assert.equal(violent?.flagged, true);
      assert.equal(violent?.categories.violence, true);
      assert.ok((violent?.category_scores.violence ?? 0) > 0.5);
      assert.equal(kind?.flagged, false);
      const again = await client.moderations.create({ input: 'I will kill the process' });
      assert.deepEqual(again.results[0], violent, 'scores are deterministic');
    });
  });

  test('scripted replies replace the echo, and null restores it', async () => {
    await withDouble(async (double) => {
      const client = openAiClient(double);
      double.setReply((request) => ({ text: `model ${request.model}`, chunks: ['model ', request.model], finishReason: 'length' }));
      const scripted = await client.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(scripted.choices[0]?.message.content, 'model double-small');
      assert.equal(scripted.choices[0]?.finish_reason, 'length');
      double.setReply(null);
      const echoed = await client.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(echoed.choices[0]?.message.content, 'Echo: x');
    });
  });

  test('a fault hook can fail chosen requests and the openai client sees the status', async () => {
    await withDouble(async (double) => {
      double.setFaultHook((request) => ((request.body as { model?: string }).model === 'broken' ? { type: 'status', status: 500 } : null));
      const client = openAiClient(double);
      await assert.rejects(
        client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'x' }] }),
        (error: unknown) => error instanceof OpenAI.APIError && error.status === 500,
      );
      const fine = await client.chat.completions.create({ model: 'double-small', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(fine.choices[0]?.message.content, 'Echo: x');
    });
  });

  test('enforces the API key when one is configured', async () => {
    await withDouble(
      async (double) => {
        await assert.rejects(openAiClient(double, 'wrong').models.list(), (error: unknown) => error instanceof OpenAI.APIError && error.status === 401);
        assert.equal((await openAiClient(double, 'secret').models.list()).data.length, 2);
      },
      { apiKey: 'secret' },
    );
  });
});

describe('upstream double faults over raw HTTP', () => {
  test('429 carries Retry-After and an OpenAI error body; faults are consumed in order', async () => {
    await withDouble(async (double) => {
      double.injectFault({ type: 'status', status: 429, retryAfter: 3 });
      double.injectFault({ type: 'status', status: 503 });
      const limited = await postChat(double, streamingBody);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '3');
      assert.equal(((await limited.json()) as { error: { type: string } }).error.type, 'rate_limit_error');
      assert.equal((await postChat(double, streamingBody)).status, 503);
      const fine = await postChat(double, streamingBody);
      assert.equal(fine.status, 200);
      assert.match(await fine.text(), /data: \[DONE\]\n\n$/);
      assert.equal(double.requests.length, 3);
    });
  });

  test('a cut stream delivers the first chunks, then the body fails', async () => {
    await withDouble(async (double) => {
      double.injectFault({ type: 'cut', afterChunks: 1 });
      const response = await postChat(double, streamingBody);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      await assert.rejects(async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += decoder.decode(value, { stream: true });
        }
      });
      assert.match(received, /"content":"Echo:/);
      assert.doesNotMatch(received, /\[DONE\]/);
      await double.waitForIdle();
      assert.deepEqual(double.streamOutcomes, ['cut']);
    });
  });

  test('malformed, missing-usage and end-without-finish streams look as scripted', async () => {
    await withDouble(async (double) => {
      const withUsage = { ...streamingBody, stream_options: { include_usage: true } };
      double.injectFault({ type: 'malformed', afterChunks: 1 });
      const malformed = await (await postChat(double, withUsage)).text();
      assert.match(malformed, /data: \{"choices": \[\{"delta": \{"content": "unterminated\n\n/);
      assert.match(malformed, /"usage":/);

      double.injectFault({ type: 'missing_usage' });
      const withoutUsage = await (await postChat(double, withUsage)).text();
      assert.doesNotMatch(withoutUsage, /"usage":/);
      assert.match(withoutUsage, /"finish_reason":"stop"/);

      double.injectFault({ type: 'end_without_finish', afterChunks: 2 });
      const unfinished = await (await postChat(double, withUsage)).text();
      assert.doesNotMatch(unfinished, /finish_reason":"stop"|\[DONE\]/);
      assert.equal(unfinished.match(/"content":/g)?.length, 3, 'role chunk plus two content chunks');
    });
  });

  test('tracks active streams and a client that goes away mid-stall', async () => {
    await withDouble(async (double) => {
      double.injectFault({ type: 'stall_mid_stream', afterChunks: 1 });
      const controller = new AbortController();
      const response = await fetch(`${double.baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify(streamingBody), signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      assert.equal(double.activeStreams, 1);
      controller.abort();
      await double.waitForIdle();
      assert.equal(double.activeStreams, 0);
      assert.deepEqual(double.streamOutcomes, ['client_closed']);
    });
  });

  test('refuses connections for a while, then serves again on the same port', async () => {
    await withDouble(async (double) => {
      await double.refuseConnections(100);
      await assert.rejects(fetch(`${double.baseUrl}/models`), (error: unknown) => (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED');
      let status = 0;
      for (let attempt = 0; attempt < 50 && status === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await fetch(`${double.baseUrl}/models`).then(
          (response) => response.status,
          () => 0,
        );
      }
      assert.equal(status, 200);
    });
  });

  test('unreachableBaseUrl points at a closed port', async () => {
    await assert.rejects(
      fetch(`${await unreachableBaseUrl()}/models`),
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED',
    );
  });

  test('rejects unknown routes and invalid bodies', async () => {
    await withDouble(async (double) => {
      assert.equal((await fetch(`${double.baseUrl}/embeddings`, { method: 'POST', body: '{}' })).status, 404);
      assert.equal((await postChat(double, { messages: 'not a list' })).status, 400);
      const notJson = await fetch(`${double.baseUrl}/chat/completions`, { method: 'POST', body: '{oops' });
      assert.equal(notJson.status, 400);
      assert.equal(double.requests.at(-1)?.body, null);
    });
  });
});

describe('upstream double helpers and standalone process', () => {
  test('splitText keeps surrogate pairs whole and never makes more pieces than characters', () => {
    assert.deepEqual(splitText('😀😀😀😀', 2), ['😀😀', '😀😀']);
    assert.deepEqual(splitText('ab', 5), ['a', 'b']);
    assert.deepEqual(splitText('abcdefg', 3).join(''), 'abcdefg');
  });

  test('runs standalone, prints its base URL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/doubles/upstream-double.ts', '--port', '0', '--chunks', '2'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString('utf8');
          const newline = output.indexOf('\n');
          if (newline !== -1) resolve(output.slice(0, newline));
        });
        child.once('exit', (code) => reject(new Error(`double exited early with ${code}`)));
      });
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const completion = await new OpenAI({ baseURL: baseUrl, apiKey: 'unused', maxRetries: 0 }).chat.completions.create({
        model: 'double-small',
        messages: [{ role: 'user', content: 'standalone' }],
      });
      assert.equal(completion.choices[0]?.message.content, 'Echo: standalone');
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
