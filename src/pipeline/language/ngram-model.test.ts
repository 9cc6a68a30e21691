import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countFeatures, modelFromCounts, parseCounts, scoreText, serializeCounts } from './ngram-model.ts';

const corpora = new Map([
  ['en', ['the cat sat on the mat and the dog slept', 'where is the station please']],
  ['de', ['die katze sitzt auf der matte und der hund schläft', 'wo ist der bahnhof bitte']],
]);

function bestLanguage(model: ReturnType<typeof modelFromCounts>, text: string): string | undefined {
  const { logLikelihood } = scoreText(model, text);
  let best = 0;
  for (let index = 1; index < logLikelihood.length; index += 1) if ((logLikelihood[index] ?? 0) > (logLikelihood[best] ?? 0)) best = index;
  return model.languages[best];
}

describe('n-gram language model', () => {
  test('scores the language whose n-grams a text shares highest', () => {
    const model = modelFromCounts(countFeatures(corpora));
    assert.deepEqual(model.languages, ['de', 'en']);
    assert.equal(bestLanguage(model, 'the dog is on the mat'), 'en');
    assert.equal(bestLanguage(model, 'der hund ist bitte auf der matte'), 'de');
    // A word neither language has still gets a finite score from its letters.
    assert.ok(Number.isFinite(scoreText(model, 'xylophon').logLikelihood[0]));
  });

  test('serialised counts parse back to the same model', () => {
    const counts = countFeatures(corpora);
    const parsed = parseCounts(serializeCounts(counts));
    assert.deepEqual(parsed.languages, counts.languages);
    assert.deepEqual([...parsed.counts.entries()].sort(), [...counts.counts.entries()].sort());
    const original = scoreText(modelFromCounts(counts), 'wo ist die katze');
    const roundTripped = scoreText(modelFromCounts(parsed), 'wo ist die katze');
    assert.deepEqual([...roundTripped.logLikelihood], [...original.logLikelihood]);
  });

  test('malformed model data is rejected with its line number', () => {
    assert.throws(() => parseCounts('de,en\nabc\t0:1\nbroken'), /line 3/);
    assert.throws(() => parseCounts('de,en\nabc\t5:1'), /bad count on line 2/);
  });
});
