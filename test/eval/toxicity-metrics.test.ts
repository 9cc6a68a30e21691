import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryScore, rocAuc } from '../../eval/toxicity/metrics.ts';

test('binary score counts precision, recall, F1 and the negatives flag rate', () => {
  const score = binaryScore([true, true, false, false], [true, false, true, false]);
  assert.equal(score.precision, 0.5);
  assert.equal(score.recall, 0.5);
  assert.equal(score.f1, 0.5);
  assert.equal(score.falsePositiveRate, 0.5);
});

test('ROC-AUC is 1 for a perfect ranking, 0.5 for constant scores, and counts ties as halves', () => {
  assert.equal(rocAuc([false, false, true, true], [0.1, 0.2, 0.8, 0.9]), 1);
  assert.equal(rocAuc([false, true, false, true], [0.5, 0.5, 0.5, 0.5]), 0.5);
  assert.equal(rocAuc([false, true, true], [0.2, 0.2, 0.9]), 0.75);
});
