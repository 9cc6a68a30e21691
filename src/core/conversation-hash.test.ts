import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationHash, conversationHashInput, replaceLoneSurrogates } from './conversation-hash.ts';
import { pythonFloatRepr, pythonJsonDumps } from './python-json.ts';

const pythonAvailable = spawnSync('python3', ['-c', 'import json, hashlib'], { encoding: 'utf8' }).status === 0;

/** Code units drawn from every region that escaping treats differently. */
function randomString(random: () => number): string {
  const length = Math.floor(random() * 24);
  let text = '';
  for (let index = 0; index < length; index += 1) {
    const pick = random();
    if (pick < 0.2)
      text += String.fromCharCode(Math.floor(random() * 0x20)); // control characters
    else if (pick < 0.45)
      text += String.fromCharCode(0x20 + Math.floor(random() * 0x60)); // printable ASCII + DEL
    else if (pick < 0.6)
      text += String.fromCharCode(0x80 + Math.floor(random() * 0xd780)); // BMP below surrogates
    else if (pick < 0.7)
      text += String.fromCharCode(0xe000 + Math.floor(random() * 0x2000)); // BMP above surrogates
    else if (pick < 0.85)
      text += String.fromCodePoint(0x10000 + Math.floor(random() * 0x100000)); // astral planes 1-16
    else if (pick < 0.93)
      text += String.fromCharCode(0xd800 + Math.floor(random() * 0x800)); // lone surrogates
    else text += ['"', '\\', '\n', '\r', '\t', '\b', '\f', '/', '\u2028', '\ufeff'][Math.floor(random() * 10)];
  }
  return text;
}

const PYTHON_PROGRAM = `
import hashlib, json, sys
cases = json.loads(sys.stdin.read())
out = []
for case in cases:
    conversation = [{"content": m["content"].encode("utf-8", errors="replace").decode("utf-8"), "role": m["role"]} for m in case["messages"]]
    text = json.dumps(conversation)
    out.append({"hash": hashlib.sha256(text.encode("utf-8")).hexdigest()[:32], "sorted": json.dumps(case["value"], sort_keys=True)})
sys.stdout.write(json.dumps(out))
`;
import { seededRandom } from '../analytics/seeded-random.ts';

describe('conversation_hash', () => {
  test('matches a known serialization and the WildChat key order', () => {
    const messages = [
      { content: 'héllo "world"\n', role: 'user' },
      { content: '😀 ok', role: 'assistant' },
    ];
    assert.equal(
      conversationHashInput(messages),
      '[{"content": "h\\u00e9llo \\"world\\"\\n", "role": "user"}, {"content": "\\ud83d\\ude00 ok", "role": "assistant"}]',
    );
    assert.match(conversationHash(messages), /^[0-9a-f]{32}$/);
  });

  test('lone surrogates become ? as Python encode(errors="replace") does', () => {
    assert.equal(replaceLoneSurrogates('a\ud800b\udc00c\ud83d\ude00'), 'a?b?c\ud83d\ude00');
  });

  test('python float repr', () => {
    assert.equal(pythonFloatRepr(1), '1.0');
    assert.equal(pythonFloatRepr(0.1), '0.1');
    assert.equal(pythonFloatRepr(1e16), '1e+16');
    assert.equal(pythonFloatRepr(1.5e-5), '1.5e-05');
    assert.equal(pythonFloatRepr(0.0001), '0.0001');
    assert.equal(pythonJsonDumps({ b: [1, 2.5, null, true], a: 'x' }, { sortKeys: true }), '{"a": "x", "b": [1, 2.5, null, true]}');
  });

  test(
    'equals python3 json.dumps + sha256 on thousands of random strings',
    { skip: pythonAvailable ? false : 'python3 not found; skipping the cross-check against Python' },
    () => {
      const random = seededRandom(20240416);
      const cases = [];
      for (let index = 0; index < 3000; index += 1) {
        const turnCount = 1 + Math.floor(random() * 3);
        const messages = [];
        for (let turn = 0; turn < turnCount * 2; turn += 1) {
          messages.push({ content: randomString(random), role: turn % 2 === 0 ? 'user' : 'assistant' });
        }
        const value = {
          [randomString(random)]: randomString(random),
          [randomString(random)]: [random() * 1e22 + 1e21, random() * 1e-6, random() * 1000, Math.floor(random() * 1e9), 'x'],
          z: { [randomString(random)]: null },
        };
        cases.push({ messages, value });
      }
      const result = spawnSync('python3', ['-c', PYTHON_PROGRAM], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      assert.equal(result.status, 0, result.stderr);
      const expected = JSON.parse(result.stdout) as { hash: string; sorted: string }[];
      assert.equal(expected.length, cases.length);
      cases.forEach((testCase, index) => {
        assert.equal(conversationHash(testCase.messages), expected[index]?.hash, `hash of case ${index}`);
        assert.equal(pythonJsonDumps(testCase.value, { sortKeys: true }), expected[index]?.sorted, `sorted dumps of case ${index}`);
      });
    },
  );

  test('hashes the bytes of conversationHashInput, also for conversations longer than the reused buffer', () => {
    const random = seededRandom(7);
    const sizes = [0, 1, 50, 20_000, 200_000];
    for (const size of sizes) {
      let content = '';
      while (content.length < size) content += randomString(random);
      const messages = [
        { content, role: 'user' },
        { content: randomString(random), role: 'assistant' },
      ];
      const expected = createHash('sha256').update(conversationHashInput(messages), 'utf8').digest('hex').slice(0, 32);
      assert.equal(conversationHash(messages), expected, `conversation of ${content.length} code units`);
    }
  });
});
