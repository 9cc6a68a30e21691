import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSearchQuery } from '../query-syntax.ts';
import { PgParams } from './pg-params.ts';
import { pgTextPlan, trigramText } from './pg-text-plan.ts';

test('the trigram text keeps every phrase of the text a substring, whatever the spacing and punctuation', () => {
  const text = trigramText('Weather—patterns,\n\n long-term 天气 怎么样？ 北京 Travel');
  assert.equal(text, 'weather patterns long term天气怎么样北京travel');
  for (const phrase of ['weather patterns', 'Long-term', '气怎', '京 travel']) assert.ok(text.includes(trigramText(phrase)), phrase);
});

test('phrases and CJK terms add a LIKE shortcut only when pg_trgm can index it', () => {
  const plan = (query: string, unicodeCtype: boolean) => pgTextPlan(parseSearchQuery(query), new PgParams(), { unicodeCtype }).likes;
  assert.deepEqual(plan('"weather patterns" paris', false), ['%weather patterns%']);
  assert.deepEqual(plan('天气怎么', false), [], 'a C-ctype database has no trigrams of non-ASCII letters');
  assert.deepEqual(plan('天气怎么', true), ['%天气怎么%']);
  assert.deepEqual(plan('天气', true), [], 'two characters make no trigram');
  assert.deepEqual(plan('-"weather patterns"', false), [], 'excluded terms never narrow by LIKE');
});

test('a scope restricts lexemes to the weights of its texts; excluded terms form one disjunction', () => {
  const params = new PgParams();
  const plan = pgTextPlan(parseSearchQuery('weather -paris -rome role:user'), params, { unicodeCtype: false });
  assert.match(plan.positive ?? '', /regexp_replace/u);
  assert.ok(params.values.includes('\\1:AC'));
  assert.match(plan.negative ?? '', / \|\| /u);
  assert.throws(() => pgTextPlan(parseSearchQuery('"..."'), new PgParams(), { unicodeCtype: false }), /no letters or digits/u);
});
