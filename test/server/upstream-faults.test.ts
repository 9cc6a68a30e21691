import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TurnRecord } from '../../src/schema/raw-records.ts';
import type { UpstreamFault } from '../doubles/upstream-double.ts';
import { authHeaders, readSse, startHarness, waitFor, type Harness } from './server-harness.ts';

/** Every upstream fault must reach the client as a clear error, be recorded, and leave the server serving. */
describe('upstream faults', () => {
  let harness: Harness;
  let token: string;
  let conversationId: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    harness = await startHarness({ config: { firstTokenTimeoutMs: 1000, stallTimeoutMs: 1000, upstreamRetries: 0 } });
    token = await harness.consent();
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
  });
  after(async () => {
    await harness.close();
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled promise rejections');
  });

  function send(content: string): Promise<Response> {
    return fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content, parentTurnId: null }),
    });
  }

  async function lastTurn(): Promise<TurnRecord> {
    const turns = await harness.store.listTurns(conversationId);
    const turn = turns.reduce<TurnRecord | null>(
      (latest, candidate) => (latest === null || candidate.turnIdentifier > latest.turnIdentifier ? candidate : latest),
      null,
    );
    assert.ok(turn);
    return turn;
  }

  async function assertStillServing(): Promise<void> {
    const response = await send('are you still there?');
    assert.equal(response.status, 200);
    const events = await readSse(response);
    assert.equal(events.at(-1)?.event, 'done');
    assert.equal((await lastTurn()).status, 'complete');
  }

  // First, while no request of an earlier fault test is still held open by the double: such a
  // connection could be reused past the closed listener and hide the refusal.
  test('upstream unreachable → 502', async () => {
    await harness.upstream.refuseConnections(300);
    const response = await send('nobody home');
    assert.equal(response.status, 502);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'upstream_unreachable');
    assert.equal((await lastTurn()).error?.code, 'upstream_unreachable');
    // The double listens again after 300 ms.
    await waitFor(async () => (await fetch(`${harness.upstream.baseUrl}/models`).catch(() => null))?.ok, 'the upstream to listen again');
    await assertStillServing();
  });

  const beforeFirstByte: { name: string; fault: UpstreamFault; status: number; code: string }[] = [
    { name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: 7 }, status: 429, code: 'upstream_rate_limited' },
    { name: '500', fault: { type: 'status', status: 500 }, status: 502, code: 'upstream_server_error' },
    { name: '503', fault: { type: 'status', status: 503 }, status: 502, code: 'upstream_server_error' },
    { name: 'no first token in time', fault: { type: 'stall_before_first_token', durationMs: 3000 }, status: 504, code: 'upstream_timeout_first_token' },
    { name: 'no response headers in time', fault: { type: 'hang_before_headers', durationMs: 3000 }, status: 504, code: 'upstream_timeout_first_token' },
  ];
  for (const { name, fault, status, code } of beforeFirstByte) {
    test(`before the first byte: ${name} → HTTP ${status}`, async () => {
      harness.upstream.injectFault(fault);
      const response = await send(`fault ${name}`);
      assert.equal(response.status, status);
      const body = (await response.json()) as { error: { code: string; message: string; retryAfterSeconds?: number } };
      assert.equal(body.error.code, code);
      if (status === 429) {
        assert.equal(response.headers.get('retry-after'), '7');
        assert.equal(body.error.retryAfterSeconds, 7);
      }
      const turn = await lastTurn();
      assert.equal(turn.userContent, `fault ${name}`, 'the user message is kept');
      assert.equal(turn.status, 'upstream_error');
      assert.equal(turn.error?.code, code);
      assert.ok(turn.completedAt !== null);
      await assertStillServing();
    });
  }

  const midStream: { name: string; fault: UpstreamFault; code: string }[] = [
    { name: 'connection cut', fault: { type: 'cut', afterChunks: 2 }, code: 'upstream_stream_cut' },
    { name: 'stall', fault: { type: 'stall_mid_stream', afterChunks: 2, durationMs: 3000 }, code: 'upstream_stalled' },
    { name: 'malformed chunk', fault: { type: 'malformed', afterChunks: 2, variant: 'json' }, code: 'upstream_malformed' },
    { name: 'end without finish', fault: { type: 'end_without_finish', afterChunks: 2 }, code: 'upstream_stream_cut' },
  ];
  for (const { name, fault, code } of midStream) {
    test(`after the first byte: ${name} → SSE error event and a recorded partial turn`, async () => {
      harness.upstream.setReply({ text: 'one two three four five six', chunkCount: 6 });
      harness.upstream.injectFault(fault);
      const response = await send(`mid-stream ${name}`);
      assert.equal(response.status, 200);
      const events = await readSse(response);
      const error = events.find((event) => event.event === 'error');
      assert.ok(error, 'an error event');
      const errorBody = JSON.parse(error.data) as { code: string; message: string };
      assert.equal(errorBody.code, code);
      assert.equal(events.at(-1)?.event, 'done');
      const turn = await lastTurn();
      assert.equal(turn.status, 'upstream_error');
      assert.equal(turn.error?.code, code);
      assert.ok('one two three four five six'.startsWith(turn.assistantContent));
      assert.ok(turn.assistantContent.length > 0, 'the partial reply is kept');
      harness.upstream.setReply(null);
      await assertStillServing();
    });
  }

  test('OpenAI-compatible route: errors in OpenAI shape, before and after the first byte', async () => {
    harness.upstream.injectFault({ type: 'status', status: 429, retryAfter: 3 });
    const refused = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello' }], stream: true }),
    });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '3');
    const refusedBody = (await refused.json()) as { error: { type: string; code: string; message: string } };
    assert.equal(refusedBody.error.type, 'rate_limit_error');
    assert.equal(refusedBody.error.code, 'upstream_rate_limited');

    harness.upstream.injectFault({ type: 'cut', afterChunks: 1 });
    const cut = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello again friend' }], stream: true }),
    });
    assert.equal(cut.status, 200);
    const frames = await readSse(cut);
    const last = JSON.parse(frames.at(-1)?.data ?? '{}') as { error?: { code: string } };
    assert.equal(last.error?.code, 'upstream_stream_cut');
    assert.ok(!frames.some((frame) => frame.data === '[DONE]'));

    harness.upstream.injectFault({ type: 'status', status: 500 });
    const nonStream = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello' }] }),
    });
    assert.equal(nonStream.status, 502);
    assert.equal(((await nonStream.json()) as { error: { type: string } }).error.type, 'server_error');
  });

  test('metrics count the upstream errors, and the log never holds message text', async () => {
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    assert.match(metrics, /wildchat_upstream_errors_total\{code="upstream_rate_limited"\} [1-9]/);
    assert.match(metrics, /wildchat_upstream_errors_total\{code="upstream_stream_cut"\} [1-9]/);
    const log = harness.logLines.join('');
    assert.ok(!log.includes('mid-stream'), 'no user text in logs');
    assert.ok(!log.includes('one two three'), 'no reply text in logs');
  });
});
