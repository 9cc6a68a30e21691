import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countLlamaTokens, countOpenAITokens, loadLlamaTokenizer } from './token-counter.ts';
import { TokenCountStage } from './token-count-stage.ts';

describe('token counts', () => {
  test('known OpenAI counts (hello world: o200k [24912, 2375], cl100k [15339, 1917])', () => {
    assert.equal(countOpenAITokens('hello world'), 2);
    assert.equal(countOpenAITokens('hello world', 'cl100k_base'), 2);
    assert.equal(countOpenAITokens(''), 0);
  });

  test('special-token strings in user text are counted, not rejected', () => {
    assert.ok(countOpenAITokens('before <|endoftext|> after') > 3);
    assert.ok(countOpenAITokens('<|endoftext|>', 'cl100k_base') > 1);
  });

  test('known Llama-2 counts ("Hello world!" is ▁Hello ▁world ! without BOS)', async () => {
    const llama = await loadLlamaTokenizer();
    assert.equal(countLlamaTokens('Hello world!', llama), 3);
    assert.equal(countLlamaTokens('hello world', llama), 2);
    assert.equal(countLlamaTokens('', llama), 0);
    // Characters outside the vocabulary fall back to bytes: one CJK character is at least one token.
    assert.ok(countLlamaTokens('你好', llama) >= 2);
  });

  test('o200k is more compact than cl100k on Chinese text', () => {
    const text = '这是一个关于数据集发布和隐私保护的长句子，我们希望统计它的长度。';
    assert.ok(countOpenAITokens(text, 'o200k_base') < countOpenAITokens(text, 'cl100k_base'));
  });

  test('stage returns one result per message and names its version', async () => {
    const stage = new TokenCountStage({ encoding: 'cl100k_base', llama2: await loadLlamaTokenizer() });
    assert.equal(stage.version, 'cl100k_base+llama2:v1');
    const results = await stage.run([
      { role: 'user', content: 'hello world' },
      { role: 'assistant', content: '' },
    ]);
    assert.deepEqual(results, [
      { encoding: 'cl100k_base', tokens: 2, llama2Tokens: 2 },
      { encoding: 'cl100k_base', tokens: 0, llama2Tokens: 0 },
    ]);
    const fast = new TokenCountStage();
    assert.deepEqual(await fast.run([{ role: 'user', content: 'hello world' }]), [{ encoding: 'o200k_base', tokens: 2, llama2Tokens: null }]);
  });
});
