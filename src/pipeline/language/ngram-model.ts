/**
 * A character n-gram Naive Bayes language model over WildChat's closed label set. lid.176 cannot name
 * eight of lingua's languages and blurs close pairs on short text; this model is trained on text
 * every label has (scripts/train-language-model.ts) and is combined with lid.176 in the stage.
 *
 * Features of a text: for each lower-cased word, its letters (order 1), the bigrams and trigrams of
 * the word padded with spaces (orders 2, 3) and the whole word (order 0). Scores are log-likelihoods
 * with additive smoothing, so an n-gram a language never showed costs it the same fixed penalty.
 */
export const FEATURE_ORDERS = 4;
const SMOOTHING = 0.5;

export interface NgramModel {
  /** In-set ISO codes, indexed by the language numbers used below. */
  languages: readonly string[];
  /** Feature → pairs of (language index, log((count + α) / α)), flattened. */
  boosts: ReadonlyMap<string, Float64Array>;
  /** log(α / (total_l,o + α · vocabulary_o)) per language (rows) and order (columns), flattened. */
  unseen: Float64Array;
}

/** Words of a text: lower-cased runs of letters and marks (apostrophes inside words kept). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu) ?? [];
}

/** Calls `visit(feature, order)` for every feature of `text`; returns how many there were. */
export function forEachFeature(text: string, visit: (feature: string, order: number) => void): number {
  let count = 0;
  for (const word of wordsOf(text)) {
    visit(`\u0001${word}`, 0);
    const padded = ` ${word} `;
    for (let index = 1; index < padded.length - 1; index += 1) {
      visit(padded[index] ?? '', 1);
      visit(padded.slice(index - 1, index + 1), 2);
      if (index + 2 <= padded.length) visit(padded.slice(index - 1, index + 2), 3);
      count += 3;
    }
    visit(padded.slice(-2), 2);
    count += 2;
  }
  return count;
}

/** Counts per language and feature: the serialisable form of the model. */
export interface NgramCounts {
  languages: string[];
  /** Feature → flattened (language index, count) pairs. */
  counts: Map<string, number[]>;
}

export function countFeatures(corpora: ReadonlyMap<string, readonly string[]>): NgramCounts {
  const languages = [...corpora.keys()].sort();
  const counts = new Map<string, number[]>();
  languages.forEach((iso, languageIndex) => {
    const perLanguage = new Map<string, number>();
    for (const text of corpora.get(iso) ?? []) forEachFeature(text, (feature) => perLanguage.set(feature, (perLanguage.get(feature) ?? 0) + 1));
    for (const [feature, count] of perLanguage) {
      const entry = counts.get(feature);
      if (entry) entry.push(languageIndex, count);
      else counts.set(feature, [languageIndex, count]);
    }
  });
  return { languages, counts };
}

function orderOf(feature: string): number {
  if (feature.startsWith('\u0001')) return 0;
  return Math.min(feature.length, FEATURE_ORDERS - 1);
}

export function modelFromCounts({ languages, counts }: NgramCounts): NgramModel {
  const totals = new Float64Array(languages.length * FEATURE_ORDERS);
  const vocabulary = new Float64Array(FEATURE_ORDERS);
  const boosts = new Map<string, Float64Array>();
  for (const [feature, pairs] of counts) {
    const order = orderOf(feature);
    vocabulary[order] = (vocabulary[order] ?? 0) + 1;
    const boost = new Float64Array(pairs.length);
    for (let index = 0; index < pairs.length; index += 2) {
      const language = pairs[index] ?? 0;
      const count = pairs[index + 1] ?? 0;
      totals[language * FEATURE_ORDERS + order] = (totals[language * FEATURE_ORDERS + order] ?? 0) + count;
      boost[index] = language;
      boost[index + 1] = Math.log((count + SMOOTHING) / SMOOTHING);
    }
    boosts.set(feature, boost);
  }
  const unseen = new Float64Array(languages.length * FEATURE_ORDERS);
  for (let language = 0; language < languages.length; language += 1)
    for (let order = 0; order < FEATURE_ORDERS; order += 1)
      unseen[language * FEATURE_ORDERS + order] = Math.log(
        SMOOTHING / ((totals[language * FEATURE_ORDERS + order] ?? 0) + SMOOTHING * (vocabulary[order] ?? 1)),
      );
  return { languages, boosts, unseen };
}

/** One line per feature: `feature<TAB>index:count,index:count`; the first line lists the languages. */
export function serializeCounts({ languages, counts }: NgramCounts): string {
  const lines = [languages.join(',')];
  for (const feature of [...counts.keys()].sort()) {
    const pairs = counts.get(feature) ?? [];
    const cells: string[] = [];
    for (let index = 0; index < pairs.length; index += 2) cells.push(`${pairs[index] ?? 0}:${pairs[index + 1] ?? 0}`);
    lines.push(`${feature}\t${cells.join(',')}`);
  }
  return lines.join('\n');
}

export function parseCounts(serialized: string): NgramCounts {
  const lines = serialized.split('\n');
  const languages = (lines[0] ?? '').split(',').filter((iso) => iso !== '');
  const counts = new Map<string, number[]>();
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const tab = line.lastIndexOf('\t');
    if (tab <= 0) throw new Error(`language model data: malformed line ${index + 1}`);
    const pairs: number[] = [];
    for (const cell of line.slice(tab + 1).split(',')) {
      const colon = cell.indexOf(':');
      const language = Number(cell.slice(0, colon));
      const count = Number(cell.slice(colon + 1));
      if (!Number.isInteger(language) || language < 0 || language >= languages.length || !(count > 0))
        throw new Error(`language model data: bad count on line ${index + 1}`);
      pairs.push(language, count);
    }
    counts.set(line.slice(0, tab), pairs);
  }
  return { languages, counts };
}

export interface NgramScores {
  /** Log-likelihood per language (same order as `model.languages`). */
  logLikelihood: Float64Array;
  /** Number of features scored. */
  features: number;
}

export function scoreText(model: NgramModel, text: string): NgramScores {
  const languageCount = model.languages.length;
  const logLikelihood = new Float64Array(languageCount);
  const perOrder = new Float64Array(FEATURE_ORDERS);
  const features = forEachFeature(text, (feature, order) => {
    perOrder[order] = (perOrder[order] ?? 0) + 1;
    const boost = model.boosts.get(feature);
    if (!boost) return;
    for (let index = 0; index < boost.length; index += 2) {
      const language = boost[index] ?? 0;
      logLikelihood[language] = (logLikelihood[language] ?? 0) + (boost[index + 1] ?? 0);
    }
  });
  for (let language = 0; language < languageCount; language += 1) {
    let base = 0;
    for (let order = 0; order < FEATURE_ORDERS; order += 1) base += (perOrder[order] ?? 0) * (model.unseen[language * FEATURE_ORDERS + order] ?? 0);
    logLikelihood[language] = (logLikelihood[language] ?? 0) + base;
  }
  return { logLikelihood, features };
}
