/**
 * Fixed conversation_hash vectors, computed once with CPython 3.11's json and hashlib exactly as
 * WildChat does (`sha256(json.dumps([{"content": c.encode("utf-8", "replace").decode(), "role": r}, ...]))[:32]`)
 * and committed, so the hash is checked on machines without python3 too.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationHash } from './conversation-hash.ts';

const VECTORS: { messages: { content: string; role: string }[]; hash: string }[] = [
  {
    messages: [
      { content: 'Hello', role: 'user' },
      { content: 'Hi! How can I help you today?', role: 'assistant' },
    ],
    hash: '3f072c9afe81b77cb4cc9d23d945111c',
  },
  {
    messages: [
      { content: 'h\u00e9llo "world"\n', role: 'user' },
      { content: '\u{1F600} ok', role: 'assistant' },
    ],
    hash: 'f7dfa285003ee05e7c69e94bd9a8a6e4',
  },
  {
    messages: [
      { content: '', role: 'user' },
      { content: '', role: 'assistant' },
    ],
    hash: 'c6c958abb1bd92f6e1690261def1ad3a',
  },
  { messages: [{ content: 'tab\tback\\slash/solidus \u2028 \ufeff \x00\x1f\x7f', role: 'user' }], hash: '633fd3be6f59da36062af1cf8cf240ad' },
  {
    messages: [
      { content: 'lone \ud800 high and \udc00 low', role: 'user' },
      { content: 'pair \ud83d\ude00', role: 'assistant' },
    ],
    hash: '47d5d95f7535ad689c5240cdaa402c57',
  },
  {
    messages: [
      { content: '\u4f60\u597d\uff0c\u4e16\u754c', role: 'user' },
      { content: '\u041f\u0440\u0438\u0432\u0435\u0442', role: 'assistant' },
      { content: 'follow-up', role: 'user' },
      { content: '\u0645\u0631\u062d\u0628\u0627', role: 'assistant' },
    ],
    hash: '7eb374801207dca0207c66e1fedcbc68',
  },
];

describe('conversation_hash known vectors (CPython json)', () => {
  for (const [index, vector] of VECTORS.entries()) {
    test(`vector ${index + 1}`, () => assert.equal(conversationHash(vector.messages), vector.hash));
  }
});
