import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../responses/api-error.ts';
import { splitHistory } from './openai-history.ts';
import { computePathHash } from './path-hash.ts';

test('splits system prompt, history and the new user message', () => {
  const split = splitHistory([
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'one' },
    { role: 'assistant', content: [{ type: 'text', text: 'uno' }] },
    { role: 'user', content: 'two' },
  ]);
  assert.deepEqual(split, {
    systemPrompt: 'Be brief.',
    history: [
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'uno' },
    ],
    userContent: 'two',
    turnCount: 2,
  });
});

test('a lone system message is not a system prompt; the last message must be from the user', () => {
  assert.throws(() => splitHistory([{ role: 'system', content: 'x' }]), ApiError);
  assert.throws(
    () =>
      splitHistory([
        { role: 'user', content: 'x' },
        { role: 'assistant', content: 'y' },
      ]),
    ApiError,
  );
  assert.throws(() => splitHistory([{ role: 'user', content: [{ type: 'image_url' }] }]), /Only text/);
  assert.equal(splitHistory([{ role: 'user', content: null }]).userContent, '');
});

test('the path hash separates system prompt, roles and message boundaries', () => {
  const base = computePathHash(null, [{ role: 'user', content: 'ab' }]);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(computePathHash(null, [{ role: 'user', content: 'ab' }]), base);
  assert.notEqual(computePathHash('', [{ role: 'user', content: 'ab' }]), base);
  assert.notEqual(computePathHash(null, [{ role: 'assistant', content: 'ab' }]), base);
  assert.notEqual(
    computePathHash(null, [
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ]),
    base,
  );
});
