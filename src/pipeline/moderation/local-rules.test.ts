/**
 * Rules that run on the whole text are skipped when none of their required words occurs (see
 * `requires` in local-rules-more.ts); the skip must never hide a match the pattern would find.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findRuleFeatures } from './local-rules.ts';

const labels = (text: string) => new Set(findRuleFeatures(text).map((feature) => feature.label));

describe('rules skipped by their required words', () => {
  test('still fire when the required word is present', () => {
    assert.ok(labels('kys').has('wish-death'));
    assert.ok(labels('he was disemboweled').has('graphic-violence'));
    assert.ok(labels("you're a retarded clown").has('targeted-insult'));
  });

  test('still fire where \\b and the trigger scan disagree: a non-ASCII letter or digit next to the word', () => {
    // \b sees a boundary between "ñ" and "k"; the trigger scan sees one word "ñkys" and no "kys".
    assert.ok(labels('ñkys').has('wish-death'));
    assert.ok(labels('²fuck you').has('fuck-you'));
  });

  test('are skipped when no required word occurs', () => {
    assert.deepEqual([...labels('please summarise this article about gardening')], []);
  });
});
