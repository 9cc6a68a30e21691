import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMarkdownBlocks } from './split-markdown-blocks.ts';

describe('splitMarkdownBlocks', () => {
  test('finished paragraphs are stable and the last one is the tail', () => {
    assert.deepEqual(splitMarkdownBlocks('First paragraph.\n\nSecond one is still'), {
      stable: ['First paragraph.\n\n'],
      tail: 'Second one is still',
    });
  });

  test('a blank line inside a code fence does not end the block', () => {
    const source = 'Intro\n\n```python\ndef f():\n\n    return 1\n```\n\nAfter';
    assert.deepEqual(splitMarkdownBlocks(source), {
      stable: ['Intro\n\n', '```python\ndef f():\n\n    return 1\n```\n\n'],
      tail: 'After',
    });
  });

  test('an open fence keeps everything after it in the tail', () => {
    const source = 'Intro\n\n~~~\ncode\n\nmore code\n';
    assert.deepEqual(splitMarkdownBlocks(source), { stable: ['Intro\n\n'], tail: '~~~\ncode\n\nmore code\n' });
  });

  test('a longer closing fence closes; a shorter or different one does not', () => {
    const source = '````\n```\nstill code\n\n~~~\n`````\n\nnext';
    assert.deepEqual(splitMarkdownBlocks(source), { stable: ['````\n```\nstill code\n\n~~~\n`````\n\n'], tail: 'next' });
  });

  test('joining the parts always gives the source back', () => {
    const samples = ['', '\n\n\nlead blank', 'a\n\n\n\nb\n\nc\n', '- one\n- two\n\n1. x\n\n```\nunclosed\n\n'];
    for (const source of samples) {
      const { stable, tail } = splitMarkdownBlocks(source);
      assert.equal(stable.join('') + tail, source, JSON.stringify(source));
    }
  });
});
