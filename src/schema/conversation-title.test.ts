import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONVERSATION_TITLE_MAX_CHARS, conversationTitleFrom } from './conversation-title.ts';

test('Markdown markup is reduced to the words it marks up', () => {
  assert.equal(conversationTitleFrom('**Python** question'), 'Python question');
  assert.equal(conversationTitleFrom('# How do I *sort* a `list`?'), 'How do I sort a list?');
  assert.equal(conversationTitleFrom('> quoted __bold__ and ~~gone~~ text'), 'quoted bold and gone text');
  assert.equal(conversationTitleFrom('- [ ] a task with [a link](https://example.com)'), 'a task with a link');
  assert.equal(conversationTitleFrom('1. ![a cat](https://example.com/cat.png) picture'), 'a cat picture');
  assert.equal(conversationTitleFrom('\\*not emphasis\\*'), '*not emphasis*');
});

test('words that only look like markup are kept', () => {
  assert.equal(conversationTitleFrom('rename my_long_variable_name'), 'rename my_long_variable_name');
  assert.equal(conversationTitleFrom('is 2 * 3 * 4 = 24?'), 'is 2 * 3 * 4 = 24?');
  assert.equal(conversationTitleFrom('C# or F#'), 'C# or F#');
});

test('the first line of text, code fences skipped, whitespace collapsed', () => {
  assert.equal(conversationTitleFrom('\n\n  hello   there \nsecond line'), 'hello there');
  assert.equal(conversationTitleFrom('```python\nprint(1)\n```'), 'print(1)');
});

test('long titles are cut at a character boundary with an ellipsis; empty ones fall back', () => {
  const long = conversationTitleFrom('😀'.repeat(100));
  assert.equal(Array.from(long).length, CONVERSATION_TITLE_MAX_CHARS - 2);
  assert.ok(long.endsWith('…'));
  assert.ok(!long.includes('\uFFFD'));
  assert.equal(conversationTitleFrom('a'.repeat(CONVERSATION_TITLE_MAX_CHARS)), 'a'.repeat(CONVERSATION_TITLE_MAX_CHARS));
  assert.equal(conversationTitleFrom('   \n **** \n'), 'New chat');
  assert.equal(conversationTitleFrom(''), 'New chat');
});
