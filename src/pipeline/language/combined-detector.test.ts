import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineDataPackages } from '../data-packages.ts';
import { combineAnswers, combinerModel, createCombinedDetector, lineLengthOf, peerAnswer, type CombinerCounts, type LineLength } from './combined-detector.ts';
import { createLanguageDetector, loadLanguageModels } from './language-stage.ts';

// A constructed table over three close languages: the stage answers "hr" for nearly every line, eld tells
// Serbian from the others reliably, cld3 tells Bosnian. The same counts at every length.
const LABELS = ['hr', 'sr', 'bs'];
const TABLE: CombinerCounts['lengths'][LineLength] = {
  totals: { hr: 10, sr: 10, bs: 10 },
  answers: [
    { hr: { hr: 9, sr: 1 }, sr: { hr: 8, sr: 2 }, bs: { hr: 7, bs: 3 } },
    { hr: { hr: 7, bs: 3 }, sr: { sr: 10 }, bs: { hr: 5, bs: 5 } },
    { hr: { hr: 6, none: 4 }, sr: { hr: 5, none: 5 }, bs: { bs: 9, none: 1 } },
  ],
};
const COUNTS: CombinerCounts = { labels: LABELS, lengths: { sentence: TABLE, pair: TABLE, word: TABLE } };

/** The naive-Bayes score written out from the counts: Σ_d log((count + 1) / (total + labels + 1)). */
function expectedWinner(answers: readonly string[]): string {
  const score = (label: string) =>
    answers.reduce(
      (sum, answer, detector) => sum + Math.log(((TABLE.answers[detector]?.[label]?.[answer] ?? 0) + 1) / ((TABLE.totals[label] ?? 0) + LABELS.length + 1)),
      0,
    );
  return [...LABELS].sort((left, right) => score(right) - score(left))[0] ?? '';
}

describe('combined language detector', () => {
  const model = combinerModel(COUNTS);

  test('the argmax follows the counts when the detectors disagree', () => {
    const cases = [
      ['hr', 'sr', 'hr'],
      ['hr', 'bs', 'bs'],
      ['hr', 'hr', 'none'],
      ['sr', 'hr', 'bs'],
      ['hr', 'none', 'none'],
    ];
    const winners = cases.map((answers) => combineAnswers(model, 'sentence', answers).iso);
    assert.deepEqual(
      winners,
      cases.map((answers) => expectedWinner(answers)),
    );
    // The cases do make the combiner overrule the stage, and by more than one detector.
    assert.ok(winners.some((winner, index) => winner !== cases[index]?.[0]));
    assert.equal(new Set(winners).size, 3);
  });

  test('the confidence is the posterior under a uniform prior', () => {
    const answer = combineAnswers(model, 'pair', ['hr', 'sr', 'hr']);
    assert.ok(answer.confidence > answer.runnerUp && answer.confidence <= 1);
    assert.ok(answer.confidence + answer.runnerUp <= 1 + 1e-12);
  });

  test('peer codes are folded into the closed label set', () => {
    assert.equal(peerAnswer('iw'), 'he');
    assert.equal(peerAnswer('no'), 'nb');
    assert.equal(peerAnswer(null), 'none');
    assert.equal(peerAnswer('und'), 'none');
  });

  test('line lengths are counted in words, or letters for scripts without spaces', () => {
    assert.equal(lineLengthOf('Bonjour', 'fr'), 'word');
    assert.equal(lineLengthOf('guten Morgen', 'de'), 'pair');
    assert.equal(lineLengthOf('dobro jutro svima', 'hr'), 'sentence');
    assert.equal(lineLengthOf('你好', 'zh'), 'word');
    assert.equal(lineLengthOf('今天天气很好', 'zh'), 'sentence');
  });

  test('with the real stage and peers, blank text stays Nolang and the answers name languages', async () => {
    const detector = createCombinedDetector(createLanguageDetector(await loadLanguageModels()), await pipelineDataPackages().languagePeers(), model);
    assert.equal(detector.detect('   ').language, 'Nolang');
    const answer = detector.detect('Dobro jutro, kako ste danas?');
    assert.ok(answer.iso !== null && LABELS.includes(answer.iso));
    assert.equal(answer.method, 'model');
  });
});
