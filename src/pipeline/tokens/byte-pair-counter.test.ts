import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens as referenceO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as referenceCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { pipelineDataPackages } from '../data-packages.ts';
import { bytePairCounter } from './byte-pair-counter.ts';

/** Deterministic text mixing ASCII, other scripts, emoji, control characters and lone surrogates. */
function mixedTexts(count: number): string[] {
  let state = 12_345;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  const pools = [
    () => String.fromCharCode(32 + Math.floor(random() * 95)),
    () => ['the ', 'ing', ' of', "'s ", "'LL", '\n\n', '    ', '\t', '12345', '...', '=>', '😀', '👩‍👩‍👧', 'ção', 'ü'][Math.floor(random() * 15)] as string,
    () => String.fromCharCode(0x0400 + Math.floor(random() * 0x100)),
    () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000)),
    () => String.fromCharCode(0x0600 + Math.floor(random() * 0x100)),
    () => String.fromCharCode(0xac00 + Math.floor(random() * 0x2000)),
    () => String.fromCharCode(Math.floor(random() * 0x10000)),
  ];
  const texts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    let text = '';
    const length = 1 + Math.floor(random() * 80);
    const bias = Math.floor(random() * pools.length);
    for (let character = 0; character < length; character += 1) text += (pools[random() < 0.6 ? bias : Math.floor(random() * pools.length)] as () => string)();
    texts.push(text);
  }
  return texts;
}

const SPECIAL_AS_TEXT = { disallowedSpecial: new Set<string>() };
const EDGE_CASES = [
  '',
  'hello world',
  'before <|endoftext|> after <|im_start|>',
  'a\uD800b',
  '\uDC00',
  'x\uD83D',
  '\u0000\u0001\u007f\u0080\uFFFD',
  "don't I'LL we've THEY'RE",
  'function add(a, b) {\n  return a + b;\n}\n',
  '中'.repeat(2_000),
  'ab'.repeat(3_000),
  ' '.repeat(500),
];

describe('BytePairCounter', () => {
  test('counts exactly like gpt-tokenizer (o200k_base and cl100k_base, special tokens as text)', () => {
    const o200k = bytePairCounter('o200k_base');
    const cl100k = bytePairCounter('cl100k_base');
    for (const text of [...EDGE_CASES, ...mixedTexts(1_500)]) {
      assert.equal(o200k.count(text), referenceO200k(text, SPECIAL_AS_TEXT), `o200k count of ${JSON.stringify(text.slice(0, 40))}`);
      assert.equal(cl100k.count(text), referenceCl100k(text, SPECIAL_AS_TEXT), `cl100k count of ${JSON.stringify(text.slice(0, 40))}`);
    }
  });

  test('long pieces (merged through the heap) count exactly like gpt-tokenizer', () => {
    const o200k = bytePairCounter('o200k_base');
    const cl100k = bytePairCounter('cl100k_base');
    let state = 99;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    // Letter runs with no spaces are single pieces of 32 to ~1,500 bytes.
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz',
      'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
      '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年',
      'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
      'aaab',
      'ーアイウエオカキクケコ',
    ];
    for (let index = 0; index < 400; index += 1) {
      const alphabet = alphabets[index % alphabets.length] as string;
      const characters = Array.from(alphabet);
      let text = '';
      const length = 12 + Math.floor(random() * 500);
      for (let character = 0; character < length; character += 1) text += characters[Math.floor(random() * characters.length)];
      assert.equal(o200k.count(text), referenceO200k(text, SPECIAL_AS_TEXT), `o200k count of a ${length}-character run`);
      assert.equal(cl100k.count(text), referenceCl100k(text, SPECIAL_AS_TEXT), `cl100k count of a ${length}-character run`);
    }
  });

  test('repeated pieces give the same count from its piece cache', () => {
    const counter = bytePairCounter('o200k_base');
    const text = 'zxqvwk plorftangle zxqvwk plorftangle';
    assert.equal(counter.count(text), counter.count(text));
    assert.equal(counter.count(text), referenceO200k(text, SPECIAL_AS_TEXT));
  });

  test('every text token of both rank tables is well-formed, so a piece with a lone surrogate is never a whole token', () => {
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const { ranks } = pipelineDataPackages().bytePairTables(encoding);
      const malformed = ranks.filter((value) => typeof value === 'string' && !(value as unknown as { isWellFormed(): boolean }).isWellFormed());
      assert.deepEqual(malformed, [], encoding);
    }
  });

  test('one counter per encoding', () => {
    assert.equal(bytePairCounter('o200k_base'), bytePairCounter('o200k_base'));
    assert.notEqual(bytePairCounter('o200k_base'), bytePairCounter('cl100k_base'));
  });
});
