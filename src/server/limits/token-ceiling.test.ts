import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelTokenLimits } from '../../settings/model-token-limits.ts';
import { withTokenCeiling } from './token-ceiling.ts';

describe('server-side max_tokens', () => {
  test('default when unset, ceiling when above, the client value otherwise', () => {
    const limits = { defaultMaxTokens: 512, ceiling: 2048 };
    assert.equal(withTokenCeiling({}, limits).max_tokens, 512);
    assert.equal(withTokenCeiling({ max_tokens: null }, limits).max_tokens, 512);
    assert.equal(withTokenCeiling({ max_tokens: 999_999_999 }, limits).max_tokens, 2048);
    assert.equal(withTokenCeiling({ max_tokens: 100, temperature: 0.2 }, limits).max_tokens, 100);
  });

  test('per-model entries parse, and bad ones are named', () => {
    assert.deepEqual(
      [...parseModelTokenLimits(['gpt-4o=1024/4096', 'org/model:7b=10/20'])],
      [
        ['gpt-4o', { defaultMaxTokens: 1024, ceiling: 4096 }],
        ['org/model:7b', { defaultMaxTokens: 10, ceiling: 20 }],
      ],
    );
    assert.throws(() => parseModelTokenLimits(['gpt-4o=4096']), /gpt-4o=4096/);
    assert.throws(() => parseModelTokenLimits(['m=50/10']), /above the ceiling/);
  });
});
