/**
 * `node --import tsx eval/language/combined-detector-eval.ts`: the shipped `--language-detector
 * combined` (src/pipeline/language/combined-detector.ts with the generated count tables) against the
 * stage, on the sets the count tables never saw: the UDHR held-out half, CLDR annotations and UI
 * strings. Sentence / pair / word, mean over languages with at least 10 lines, as run.ts reports.
 */
import '../../src/resources/provide-data-packages.ts';
import { pipelineDataPackages } from '../../src/pipeline/data-packages.ts';
import { combinerModel, createCombinedDetector } from '../../src/pipeline/language/combined-detector.ts';
import { COMBINER_COUNTS } from '../../src/pipeline/language/combiner-counts-data.ts';
import { createLanguageDetector, loadLanguageModels, type LanguageDetector } from '../../src/pipeline/language/language-stage.ts';
import { LINE_LENGTHS, cldrAnnotationSet, udhrHeldOutSet, uiStringSet, type LineLength } from './test-sets.ts';

const stage = createLanguageDetector(await loadLanguageModels());
const combined = createCombinedDetector(stage, await pipelineDataPackages().languagePeers(), combinerModel(COMBINER_COUNTS));

function meanAccuracy(lines: Map<string, Record<LineLength, string[]>>, detector: LanguageDetector): string {
  return LINE_LENGTHS.map((length) => {
    const values: number[] = [];
    for (const [iso, byLength] of lines) {
      const items = byLength[length];
      if (items.length < 10) continue;
      values.push(items.filter((line) => detector.detect(line).iso === iso).length / items.length);
    }
    return `${((values.reduce((sum, value) => sum + value, 0) / values.length) * 100).toFixed(1)}`;
  }).join(' / ');
}

for (const [name, set] of [
  ['udhr-held-out', udhrHeldOutSet()],
  ['cldr-annotations', cldrAnnotationSet()],
  ['ui-strings', uiStringSet()],
] as const) {
  console.log(`${name}: stage ${meanAccuracy(set.lines, stage)}; combined ${meanAccuracy(set.lines, combined)}`);
}
