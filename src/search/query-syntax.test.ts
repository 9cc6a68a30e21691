import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSearchQuery, highlightTerms, parseSearchQuery, QuerySyntaxError } from './query-syntax.ts';

test('words, phrases, exclusions and scopes', () => {
  const query = parseSearchQuery('  climate "exact phrase"  -weather -"tell me" role:user turn:first ');
  assert.deepEqual(query, {
    terms: [
      { kind: 'word', text: 'climate', negated: false, position: 2 },
      { kind: 'phrase', text: 'exact phrase', negated: false, position: 10 },
      { kind: 'word', text: 'weather', negated: true, position: 26 },
      { kind: 'phrase', text: 'tell me', negated: true, position: 35 },
    ],
    role: 'user',
    firstTurnOnly: true,
  });
  assert.deepEqual(highlightTerms(query), ['climate', 'exact phrase']);
  assert.equal(formatSearchQuery(query), 'climate "exact phrase" -weather -"tell me" role:user turn:first');
  assert.deepEqual(
    parseSearchQuery(formatSearchQuery(query)).terms.map((term) => term.text),
    ['climate', 'exact phrase', 'weather', 'tell me'],
  );
});

test('an empty query and CJK text', () => {
  assert.deepEqual(parseSearchQuery(''), { terms: [], role: 'any', firstTurnOnly: false });
  assert.deepEqual(
    parseSearchQuery('你好 "北京 旅游"').terms.map((term) => [term.kind, term.text]),
    [
      ['word', '你好'],
      ['phrase', '北京 旅游'],
    ],
  );
  assert.equal(parseSearchQuery('ROLE:Assistant').role, 'assistant');
  assert.deepEqual(
    parseSearchQuery('http://example.com').terms.map((term) => term.text),
    ['http://example.com'],
  );
  assert.deepEqual(
    parseSearchQuery('a-b').terms.map((term) => [term.text, term.negated]),
    [['a-b', false]],
  );
});

function syntaxError(input: string): QuerySyntaxError {
  try {
    parseSearchQuery(input);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError);
    return error;
  }
  assert.fail(`expected ${input} to be rejected`);
}

test('malformed queries name the position of the problem', () => {
  assert.equal(syntaxError('hello "world').position, 6);
  assert.match(syntaxError('hello "world').message, /never closed \(at character 7\)/);
  assert.equal(syntaxError('a - b').position, 2);
  assert.equal(syntaxError('a -').position, 2);
  assert.equal(syntaxError('x ""').position, 2);
  assert.equal(syntaxError('"a"b').position, 3);
  assert.equal(syntaxError('ab"c d"').position, 2);
  assert.equal(syntaxError('role:bot').position, 0);
  assert.equal(syntaxError('role:user role:assistant').position, 10);
  assert.equal(syntaxError('turn:last').position, 0);
  assert.equal(syntaxError('-role:user').position, 0);
  assert.ok(syntaxError('x'.repeat(1001)) instanceof QuerySyntaxError);
  assert.ok(syntaxError(Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ')) instanceof QuerySyntaxError);
});
