/**
 * `node --import tsx eval/language/tune-ensemble.ts`: chooses the ensemble weights of the language
 * stage without looking at any test set. The n-gram model is retrained on part of the training half
 * (preamble and articles 1, 5, 9, …) and the weights are scored on the rest of it (articles 3, 7,
 * 11, …), as sentences, word pairs and single words; prints the grid, best first.
 */
import { loadLanguageModel, createLanguageDetector, DEFAULT_ENSEMBLE_WEIGHTS, type EnsembleWeights } from '../../src/pipeline/language/language-stage.ts';
import { countFeatures, modelFromCounts } from '../../src/pipeline/language/ngram-model.ts';
import { LINE_LENGTHS, udhrLines } from './test-sets.ts';
import { trainingCorpora } from './training-corpora.ts';

const isDevelopmentArticle = (article: number): boolean => article % 4 === 3;
const ngram = modelFromCounts(countFeatures(trainingCorpora((article) => article === 0 || article % 4 === 1)));
const fastText = await loadLanguageModel();
const development = udhrLines(isDevelopmentArticle);

function score(weights: EnsembleWeights): Record<string, number> {
  const detector = createLanguageDetector({ fastText, ngram }, { weights });
  const result: Record<string, number> = {};
  for (const length of LINE_LENGTHS) {
    const accuracies: number[] = [];
    for (const [iso, lines] of development) {
      const batch = lines[length];
      if (batch.length < 10) continue;
      accuracies.push(batch.filter((line) => detector.detect(line).iso === iso).length / batch.length);
    }
    result[length] = accuracies.reduce((sum, value) => sum + value, 0) / accuracies.length;
  }
  result['mean'] = ((result['sentence'] ?? 0) + (result['pair'] ?? 0) + (result['word'] ?? 0)) / 3;
  return result;
}

const rows: Array<[EnsembleWeights, Record<string, number>]> = [];
for (const ngramWeight of [0.02, 0.05, 0.1, 0.2, 0.5, 1])
  for (const fastTextFloor of [1e-4, 1e-3, 1e-2, 0.05]) {
    const weights = { ...DEFAULT_ENSEMBLE_WEIGHTS, ngramWeight, fastTextFloor };
    rows.push([weights, score(weights)]);
  }
rows.sort((left, right) => (right[1]['mean'] ?? 0) - (left[1]['mean'] ?? 0));
for (const [weights, result] of rows)
  console.log(
    `weight ${weights.ngramWeight} floor ${weights.fastTextFloor}: ${Object.entries(result)
      .map(([length, value]) => `${length} ${(value * 100).toFixed(1)}%`)
      .join('  ')}`,
  );
