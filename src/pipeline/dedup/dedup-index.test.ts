import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { DedupIndex } from './dedup-index.ts';
import { parseDedupPolicy, selectKeptKeys } from './dedup-policy.ts';
import { exactTextHash, normaliseForDedup } from './normalise-text.ts';
import { shingleHashes } from './shingles.ts';
import { conversationDedupTexts } from './conversation-dedup-texts.ts';
import { ConversationDedupIndex } from './conversation-dedup-index.ts';
import { seededRandom } from '../../analytics/seeded-random.ts';

let hasher: XXHashAPI;
before(async () => {
  hasher = await xxhash();
});

const vocabulary = Array.from({ length: 3000 }, (_, index) => `w${index.toString(36)}x`);

function englishDocument(next: () => number, words: number): string[] {
  return Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string);
}

function chineseDocument(next: () => number, characters: number): string[] {
  return Array.from({ length: characters }, () => String.fromCharCode(0x4e00 + Math.floor(next() * 3000)));
}

function mutate(units: string[], edits: number, next: () => number, replacement: () => string): string[] {
  const copy = [...units];
  for (let edit = 0; edit < edits; edit += 1) copy[Math.floor(next() * copy.length)] = replacement();
  return copy;
}

describe('normalisation and exact hashes', () => {
  test('NFKC, lower-case and whitespace collapse', () => {
    assert.equal(normaliseForDedup('  Ｈｅｌｌｏ\n\tWORLD  '), 'hello world');
    assert.equal(exactTextHash('Hello   world'), exactTextHash('hello world'));
    assert.notEqual(exactTextHash('hello world'), exactTextHash('hello world!'));
    assert.match(exactTextHash('x'), /^[0-9a-f]{64}$/);
  });

  test('CJK text gets character shingles, spaced text word shingles', () => {
    assert.equal(shingleHashes('一二三四五', hasher).length, 3); // 3-grams of 5 characters
    assert.equal(shingleHashes('a b c d e f', hasher).length, 2); // word 5-grams of 6 words
    assert.equal(shingleHashes('', hasher).length, 0);
  });
});

describe('DedupIndex', () => {
  test('finds planted near copies (English and Chinese) without merging unrelated texts', () => {
    const next = seededRandom(42);
    const index = new DedupIndex({ hasher });
    const expectedPartner = new Map<string, string>();
    for (let document = 0; document < 300; document += 1) {
      const chinese = document % 3 === 0;
      const units = chinese ? chineseDocument(next, 150) : englishDocument(next, 100);
      const join = (parts: string[]) => (chinese ? parts.join('') : parts.join(' '));
      const key = `c${String(document).padStart(4, '0')}`;
      index.add(key, join(units));
      if (document % 5 === 0) {
        const copy = chinese
          ? mutate(units, 3, next, () => String.fromCharCode(0x4e00 + Math.floor(next() * 3000)))
          : mutate(units, 2, next, () => vocabulary[Math.floor(next() * vocabulary.length)] as string);
        const copyKey = `n${String(document).padStart(4, '0')}`;
        index.add(copyKey, join(copy));
        expectedPartner.set(copyKey, key);
      }
    }
    const assignments = index.finish();
    const byKey = new Map(assignments.map((assignment) => [assignment.key, assignment]));
    let found = 0;
    for (const [copyKey, originalKey] of expectedPartner) {
      const copy = byKey.get(copyKey)!;
      const original = byKey.get(originalKey)!;
      if (copy.nearDuplicateCluster === original.nearDuplicateCluster) found += 1;
      // Cluster ids are the smallest key: 'c…' sorts before 'n…'.
      assert.equal(original.nearDuplicateCluster, originalKey);
    }
    assert.equal(found, expectedPartner.size, `recall ${found}/${expectedPartner.size}`);
    for (const assignment of assignments) {
      assert.ok(assignment.clusterSize <= 2, `unrelated texts merged into ${assignment.nearDuplicateCluster}`);
      assert.equal(assignment.exactDuplicateOf, null);
    }
  });

  test('exact duplicates after normalisation point to the smallest key', () => {
    const index = new DedupIndex({ hasher });
    index.add('b', 'Write a poem about the sea and the moon tonight');
    index.add('a', '  write a POEM about the sea and the moon tonight ');
    index.add('c', '写一首关于大海和月亮的诗');
    index.add('d', '写一首关于大海和月亮的诗');
    index.add('e', '');
    index.add('f', '   ');
    const assignments = index.finish();
    const byKey = new Map(assignments.map((assignment) => [assignment.key, assignment]));
    assert.equal(byKey.get('b')!.exactDuplicateOf, 'a');
    assert.equal(byKey.get('a')!.exactDuplicateOf, null);
    assert.equal(byKey.get('b')!.nearDuplicateCluster, 'a');
    assert.equal(byKey.get('b')!.clusterSize, 2);
    assert.equal(byKey.get('d')!.exactDuplicateOf, 'c');
    // Empty texts are never duplicates of each other.
    assert.equal(byKey.get('f')!.exactDuplicateOf, null);
    assert.equal(byKey.get('f')!.nearDuplicateCluster, 'f');
    assert.equal(byKey.get('e')!.exactHash, null);
    assert.deepEqual(
      assignments.map((assignment) => assignment.key),
      ['b', 'a', 'c', 'd', 'e', 'f'],
    );
  });

  test('rejects duplicate keys and adds after finish', () => {
    const index = new DedupIndex({ hasher });
    index.add('a', 'x');
    assert.throws(() => index.add('a', 'y'), /duplicate key/);
    index.finish();
    assert.throws(() => index.add('b', 'y'), /after finish/);
  });
});

describe('dedup policies', () => {
  const assignments = [
    { key: 'a', exactHash: 'h1', exactDuplicateOf: null, nearDuplicateCluster: 'a', clusterSize: 3 },
    { key: 'b', exactHash: 'h1', exactDuplicateOf: 'a', nearDuplicateCluster: 'a', clusterSize: 3 },
    { key: 'c', exactHash: 'h2', exactDuplicateOf: null, nearDuplicateCluster: 'a', clusterSize: 3 },
    { key: 'd', exactHash: 'h3', exactDuplicateOf: null, nearDuplicateCluster: 'd', clusterSize: 1 },
  ];
  test('keep, drop and cap(N) at near and exact level', () => {
    assert.deepEqual([...selectKeptKeys(assignments, parseDedupPolicy('keep'))].sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual([...selectKeptKeys(assignments, parseDedupPolicy('drop'))].sort(), ['a', 'd']);
    assert.deepEqual([...selectKeptKeys(assignments, parseDedupPolicy('cap(2)'))].sort(), ['a', 'b', 'd']);
    assert.deepEqual([...selectKeptKeys(assignments, parseDedupPolicy('drop'), 'exact')].sort(), ['a', 'c', 'd']);
    assert.throws(() => parseDedupPolicy('cap(0)'));
    assert.throws(() => parseDedupPolicy('sometimes'));
  });
  test('conversation texts: first user turn and role-marked whole', () => {
    const texts = conversationDedupTexts([
      { role: 'system', content: 'be nice' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
    assert.equal(texts.firstUserTurn, 'hi');
    assert.equal(texts.conversation, 'system: be nice\nuser: hi\nassistant: hello');
  });

  test('conversation index: same first turn, different conversations', () => {
    const index = new ConversationDedupIndex({ hasher });
    index.add('k2', [
      { role: 'user', content: 'Write a haiku about autumn leaves falling slowly' },
      { role: 'assistant', content: 'Crimson leaves drifting / the wind hums an old tune / branches let them go' },
    ]);
    index.add('k1', [
      { role: 'user', content: 'write a haiku about autumn leaves falling slowly' },
      { role: 'assistant', content: 'Golden light fading / a maple sheds its last coat / quiet ground listens' },
    ]);
    const [second, first] = index.finish();
    assert.equal(second!.key, 'k2');
    assert.equal(second!.firstUserTurn.exactDuplicateOf, 'k1');
    assert.equal(second!.conversation.exactDuplicateOf, null);
    assert.equal(first!.firstUserTurn.nearDuplicateCluster, 'k1');
    assert.equal(first!.conversation.clusterSize, 1);
  });
});

describe('compact signatures', () => {
  test('signatures computed apart and added in order give the same clusters as addUnkeyed', () => {
    const next = seededRandom(7);
    const base = englishDocument(next, 80).join(' ');
    const texts = ['', 'a', base, `${base} extra words here`, englishDocument(next, 60).join(' '), base.toUpperCase(), '   ', base];
    const direct = new DedupIndex({ hasher, permutations: 64, bands: 16, rows: 4 });
    const packed = new DedupIndex({ hasher, permutations: 64, bands: 16, rows: 4 });
    const size = packed.signatureBytes;
    const buffer = new Uint8Array(size * texts.length);
    texts.forEach((text, index) => packed.signatureInto(text, buffer.subarray(index * size, (index + 1) * size)));
    for (const text of texts) direct.addUnkeyed(text);
    texts.forEach((_, index) => packed.addSignature(buffer.subarray(index * size, (index + 1) * size)));
    const expected = direct.finishCompact();
    const actual = packed.finishCompact();
    assert.deepEqual([...actual.exactMinimum], [...expected.exactMinimum]);
    assert.deepEqual([...actual.nearMinimum], [...expected.nearMinimum]);
    assert.deepEqual([...actual.clusterSize], [...expected.clusterSize]);
    assert.ok(expected.nearMinimum[3] === 2, 'the near-duplicate is clustered with its original');
    texts.forEach((_, index) => assert.equal(packed.exactHash(index), direct.exactHash(index)));
  });
});
