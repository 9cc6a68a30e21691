import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODERATION_CATEGORY_KEYS,
  buildModeration,
  isEmptyModeration,
  mergeModerations,
  normaliseModeration,
  wildChatModerationSchema,
} from './moderation-result.ts';

describe('moderation result shape', () => {
  test('has the 18 WildChat-1M keys in both spellings', () => {
    const item = buildModeration({ 'self-harm/intent': true }, { 'self-harm/intent': 0.9 }, true);
    assert.deepEqual(Object.keys(item.categories), [...MODERATION_CATEGORY_KEYS]);
    assert.deepEqual(Object.keys(item.category_scores), [...MODERATION_CATEGORY_KEYS]);
    assert.equal(MODERATION_CATEGORY_KEYS.length, 18);
    assert.equal(item.categories['self-harm/intent'], true);
    assert.equal(item.categories.self_harm_intent, true);
    assert.equal(item.category_scores.self_harm_intent, 0.9);
    assert.equal(item.categories.hate, false);
    wildChatModerationSchema.parse(item);
  });

  test('normalises a slash-only provider answer and drops unknown categories', () => {
    const item = normaliseModeration({
      flagged: true,
      categories: { 'sexual/minors': true, sexual: true, illicit: true },
      category_scores: { 'sexual/minors': 0.8, sexual: 0.95, illicit: 0.3 },
    });
    assert.equal(item.categories.sexual_minors, true);
    assert.equal(item.category_scores.sexual_minors, 0.8);
    assert.equal(item.category_scores.violence, 0);
    assert.ok(!('illicit' in item.categories));
  });

  test('normalises an underscore-only answer', () => {
    const item = normaliseModeration({ flagged: false, categories: { violence_graphic: true }, category_scores: { violence_graphic: 0.6 } });
    assert.equal(item.categories['violence/graphic'], true);
    assert.equal(item.category_scores['violence/graphic'], 0.6);
  });

  test('merge: flagged OR, categories OR, scores max', () => {
    const first = buildModeration({ hate: true }, { hate: 0.7, sexual: 0.1 }, true);
    const second = buildModeration({ sexual: false }, { hate: 0.2, sexual: 0.4 }, false);
    const merged = mergeModerations([first, second]);
    assert.equal(merged.flagged, true);
    assert.equal(merged.categories.hate, true);
    assert.equal(merged.category_scores.hate, 0.7);
    assert.equal(merged.category_scores.sexual, 0.4);
    assert.equal(mergeModerations([second, second]).flagged, false);
  });

  test('an empty object is recognised as the empty item', () => {
    assert.equal(isEmptyModeration({}), true);
    assert.equal(isEmptyModeration(buildModeration({}, {}, false)), false);
  });
});
