import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NGRAM_MODEL_COUNTS } from './ngram-model-data.ts';
import { FEATURE_ORDERS, countFeatures, forEachFeature, modelFromCounts, modelFromSerialized, parseCounts, scoreText, serializeCounts } from './ngram-model.ts';

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

  test('hashed scoring equals Naive Bayes computed from the counts directly', () => {
    const counts = countFeatures(corpora);
    const vocabulary = new Array<number>(FEATURE_ORDERS).fill(0);
    const totals = counts.languages.map(() => new Array<number>(FEATURE_ORDERS).fill(0));
    const orderOf = (feature: string): number => (feature.startsWith('\u0001') ? 0 : Math.min(feature.length, FEATURE_ORDERS - 1));
    for (const [feature, pairs] of counts.counts) {
      vocabulary[orderOf(feature)] = (vocabulary[orderOf(feature)] ?? 0) + 1;
      for (let index = 0; index < pairs.length; index += 2) {
        const row = totals[pairs[index] ?? 0] ?? [];
        row[orderOf(feature)] = (row[orderOf(feature)] ?? 0) + (pairs[index + 1] ?? 0);
      }
    }
    const text = 'wo ist the station, bitte?';
    const expected = counts.languages.map((_, language) => {
      let sum = 0;
      forEachFeature(text, (feature, order) => {
        const pairs = counts.counts.get(feature) ?? [];
        let count = 0;
        for (let index = 0; index < pairs.length; index += 2) if (pairs[index] === language) count = pairs[index + 1] ?? 0;
        sum += Math.log((count + 0.5) / ((totals[language]?.[order] ?? 0) + 0.5 * (vocabulary[order] ?? 0)));
      });
      return sum;
    });
    const actual = [...scoreText(modelFromCounts(counts), text).logLikelihood];
    expected.forEach((value, index) => assert.ok(Math.abs(value - (actual[index] ?? 0)) < 1e-3, `${value} vs ${actual[index]}`));
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

  test('the one-pass build gives the same tables as parsing the counts first, on the bundled data', () => {
    assert.deepEqual(modelFromSerialized(NGRAM_MODEL_COUNTS), modelFromCounts(parseCounts(NGRAM_MODEL_COUNTS)));
  });

  test('the one-pass build falls back to the two steps for data serializeCounts would not write', () => {
    const serialized = serializeCounts(countFeatures(corpora));
    assert.deepEqual(modelFromSerialized(serialized), modelFromCounts(parseCounts(serialized)));
    const [header, ...lines] = serialized.split('\n');
    // Unsorted, repeated, and a count written as 1e1 (Number() reads all three).
    for (const variant of [
      [header, ...lines.reverse()],
      [header, lines[0], ...lines],
      [header, ...lines.map((line) => line.replace(/:(\d+)$/u, ':1e1'))],
    ]) {
      const text = variant.join('\n');
      assert.deepEqual(modelFromSerialized(text), modelFromCounts(parseCounts(text)));
    }
    assert.throws(() => modelFromSerialized('de,en\nabc\t0:1\nbroken'), /line 3/);
    assert.throws(() => modelFromSerialized('de,en\nabc\t5:1'), /bad count on line 2/);
  });
});
