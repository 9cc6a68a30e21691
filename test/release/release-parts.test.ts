/** The small pure parts of a release: time parsing, config hashing, the channel, duplicate selection. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import xxhash from 'xxhash-wasm';
import { parseDedupPolicy } from '../../src/pipeline/dedup/dedup-policy.ts';
import { LocalModerationStage } from '../../src/pipeline/moderation/local-moderation-stage.ts';
import { normaliseModeration } from '../../src/pipeline/moderation/moderation-result.ts';
import { moderationCacheCodec } from '../../src/pipeline/runner/cache-codec.ts';
import { DedupTracker } from '../../src/pipeline/runner/dedup-tracker.ts';
import { MemoryAnnotationCache } from '../../src/pipeline/runner/memory-annotation-cache.ts';
import { runCachedStage } from '../../src/pipeline/runner/run-cached-stage.ts';
import { StageStatistics } from '../../src/pipeline/runner/stage-statistics.ts';
import type { MessageInput, Stage } from '../../src/pipeline/stage.ts';
import { canonicalJson } from '../../src/release/release-config.ts';
import { parseReleaseTime } from '../../src/release/parse-release-time.ts';
import { RecordChannel } from '../../src/release/record-channel.ts';

describe('release parts', () => {
  test('release times: dates and zone-less times are UTC, garbage is refused', () => {
    assert.equal(parseReleaseTime('2024-04-30'), Date.parse('2024-04-30T00:00:00Z'));
    assert.equal(parseReleaseTime('2024-04-30T12:30'), Date.parse('2024-04-30T12:30:00Z'));
    assert.equal(parseReleaseTime('2024-04-30 12:30:05'), Date.parse('2024-04-30T12:30:05Z'));
    assert.equal(parseReleaseTime('2024-04-30T12:30:00+02:00'), Date.parse('2024-04-30T10:30:00Z'));
    assert.equal(parseReleaseTime('yesterday'), null);
    assert.equal(parseReleaseTime('2024-13-45'), null);
  });

  test('canonical JSON sorts keys at every level, so equal configs hash equally', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
  });

  test('the record channel hands batches over in order, holds the writer back and passes failures on', async () => {
    const channel = new RecordChannel<number>(2);
    const received: number[] = [];
    const reader = (async () => {
      for await (const item of channel) received.push(item);
    })();
    for (let item = 0; item < 10; item += 1) await channel.push(item);
    channel.close();
    await reader;
    assert.deepEqual(received, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const failing = new RecordChannel<number>(1);
    await failing.push(1);
    const blocked = failing.push(2);
    failing.fail(new Error('writer broke'));
    await assert.rejects(blocked, /writer broke/);
    await assert.rejects(
      (async () => {
        for await (const _ of failing) void _;
      })(),
      /writer broke/,
    );
  });

  test("duplicate selection keeps the first members of each group among the variant's rows", async () => {
    const tracker = new DedupTracker(await xxhash());
    const soup = 'Give me a recipe for a quick vegetable soup with carrots, leeks, potatoes and thyme tonight.';
    const texts = [soup, 'Something else entirely about the history of Rome and its emperors.', soup, soup];
    for (const text of texts)
      tracker.add([
        { role: 'user', content: text },
        { role: 'assistant', content: 'Sure.' },
      ]);
    tracker.finish();
    assert.deepEqual(tracker.duplicates(2, 'conversation').exact, true);
    assert.deepEqual(tracker.duplicates(0, 'conversation').clusterSize, 3);
    assert.equal(tracker.duplicates(0, 'conversation').cluster, tracker.duplicates(3, 'conversation').cluster);
    const all = () => true;
    assert.deepEqual([...tracker.selectKept(parseDedupPolicy('drop'), 'exact', 'conversation', all)], [1, 1, 0, 0]);
    assert.deepEqual([...tracker.selectKept(parseDedupPolicy('cap(2)'), 'near', 'first-user-turn', all)], [1, 1, 1, 0]);
    assert.deepEqual([...tracker.selectKept(parseDedupPolicy('keep'), 'near', 'conversation', all)], [1, 1, 1, 1]);
    // Row 0 outside the variant (e.g. toxic): the next member of its group takes its place.
    assert.deepEqual([...tracker.selectKept(parseDedupPolicy('drop'), 'near', 'conversation', (position) => position !== 0)], [0, 1, 1, 0]);
  });

  test('moderation results survive the compact cache encoding unchanged', async () => {
    const local = await new LocalModerationStage().run(
      ['I am going to kill you and your family', 'hello there', ''].map((content) => ({ role: 'user' as const, content })),
    );
    const remote = {
      source: 'openai:omni-moderation-latest',
      moderation: normaliseModeration({
        categories: { violence: true, 'self-harm': false },
        category_scores: { violence: 0.912345678, self_harm: 0.0001234 },
        flagged: true,
      }),
    };
    for (const value of [...local, remote, null]) {
      const stored = JSON.parse(JSON.stringify(moderationCacheCodec.encode(value))) as unknown;
      assert.deepEqual(moderationCacheCodec.decode(stored), value);
    }
    assert.ok(JSON.stringify(moderationCacheCodec.encode(remote)).length * 4 < JSON.stringify(remote).length);
  });

  test('a cached stage computes each distinct text once and never again', async () => {
    let calls = 0;
    const stage: Stage<MessageInput, number> = {
      name: 'length',
      version: '1',
      async run(batch) {
        calls += batch.length;
        return batch.map((message) => message.content.length);
      },
    };
    const cache = new MemoryAnnotationCache();
    const statistics = new StageStatistics();
    const inputs = ['ab', 'abc', 'ab'].map((content) => ({ message: { role: 'user' as const, content }, contentHash: `h-${content}` }));
    assert.deepEqual(await runCachedStage(stage, inputs, cache, statistics), [2, 3, 2]);
    assert.deepEqual(await runCachedStage(stage, inputs, cache, statistics), [2, 3, 2]);
    assert.equal(calls, 2);
    const [counters] = statistics.list();
    assert.deepEqual([counters?.messages, counters?.computed, counters?.cached], [6, 2, 2]);
  });
});
