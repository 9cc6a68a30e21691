import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatChunkMapper, completionToEvents } from './chat-chunk-events.ts';
import { UpstreamError } from './llm-client.ts';
import type { SseEvent } from './sse-parser.ts';

function message(data: unknown): SseEvent {
  return { type: 'message', data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: '' };
}

function isFault(code: UpstreamError['code']) {
  return (error: unknown): boolean => error instanceof UpstreamError && error.code === code && !error.beforeFirstByte;
}

describe('chat chunk mapping', () => {
  test('maps a whole stream to start, deltas, finish and usage', () => {
    const mapper = new ChatChunkMapper();
    const chunks = [
      { id: 'c1', created: 7, model: 'm', system_fingerprint: 'fp', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
      { id: 'c1', choices: [{ index: 0, delta: { content: 'Hel' } }] },
      { id: 'c1', choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] },
      { id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ];
    const events = chunks.flatMap((chunk) => mapper.map(message(chunk)));
    assert.deepEqual(events, [
      { type: 'start', id: 'c1', created: 7, model: 'm', systemFingerprint: 'fp' },
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
    ]);
    assert.ok(mapper.firstTokenSeen && mapper.finishSeen && !mapper.doneSeen);
    assert.deepEqual(mapper.map(message('[DONE]')), []);
    assert.ok(mapper.doneSeen);
    assert.deepEqual(mapper.map(message({ choices: [{ delta: { content: 'after done' } }] })), [], 'nothing counts after [DONE]');
  });

  test('a role chunk starts the reply but is not its first token', () => {
    const mapper = new ChatChunkMapper();
    const events = mapper.map(message({ choices: [{ delta: { role: 'assistant' } }] }));
    assert.deepEqual(events, [{ type: 'start', id: null, created: null, model: null, systemFingerprint: null }]);
    assert.equal(mapper.firstTokenSeen, false);
  });

  test('reasoning proves the upstream is working without becoming reply text', () => {
    for (const field of ['reasoning_content', 'reasoning']) {
      const mapper = new ChatChunkMapper();
      const events = mapper.map(message({ choices: [{ delta: { [field]: 'thinking' } }] }));
      assert.deepEqual(
        events.map((event) => event.type),
        ['start'],
      );
      assert.equal(mapper.firstTokenSeen, true, field);
    }
  });

  test('picks choice 0 among several, and a lone choice whatever its index', () => {
    const several = new ChatChunkMapper().map(
      message({
        choices: [
          { index: 1, delta: { content: 'other' } },
          { index: 0, delta: { content: 'mine' } },
        ],
      }),
    );
    assert.deepEqual(several.at(-1), { type: 'delta', text: 'mine' });
    const lone = new ChatChunkMapper().map(message({ choices: [{ index: 3, delta: { content: 'only' } }] }));
    assert.deepEqual(lone.at(-1), { type: 'delta', text: 'only' });
  });

  test('named events are skipped; an error event or an error chunk is a server error', () => {
    const mapper = new ChatChunkMapper();
    assert.deepEqual(mapper.map({ type: 'ping', data: '{}', lastEventId: '' }), []);
    assert.throws(() => mapper.map({ type: 'error', data: '{}', lastEventId: '' }), isFault('upstream_server_error'));
    assert.throws(() => new ChatChunkMapper().map(message({ error: { message: 'overloaded' } })), isFault('upstream_server_error'));
  });

  test('a chunk that is not JSON or of the wrong shape is malformed, without quoting it', () => {
    assert.throws(
      () => new ChatChunkMapper().map(message('{"choices": [')),
      (error: unknown) => {
        assert.ok(isFault('upstream_malformed')(error));
        assert.ok(!(error as Error).message.includes('choices'));
        return true;
      },
    );
    assert.throws(() => new ChatChunkMapper().map(message({ choices: [{ delta: { content: 42 } }] })), isFault('upstream_malformed'));
  });

  test('a non-streamed completion gives the events a stream would', () => {
    const events = completionToEvents(
      JSON.stringify({
        id: 'x',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'whole reply' }, finish_reason: 'length' }],
        usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      }),
    );
    assert.deepEqual(
      events.map((event) => event.type),
      ['start', 'delta', 'finish', 'usage'],
    );
    assert.deepEqual(events[1], { type: 'delta', text: 'whole reply' });
    assert.deepEqual(events[2], { type: 'finish', finishReason: 'length' });
    assert.throws(() => completionToEvents('not json'), isFault('upstream_malformed'));
    assert.throws(() => completionToEvents('{"choices": "none"}'), isFault('upstream_malformed'));
  });
});
