/**
 * Splits text into the units a BERT-style pre-tokenizer produces (runs of letters/digits/marks,
 * single punctuation or symbol characters, single CJK ideographs), with their UTF-16 offsets.
 * Tokenizing unit by unit is what ties every model token to a character range: the tokenizer
 * library returns ids without offsets.
 */
export interface WordSpan {
  start: number;
  end: number;
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
// BERT's "Chinese character" ranges: every ideograph is its own unit (kana and Hangul are not).
const IDEOGRAPH = /\p{Script=Han}/u;

export function splitWords(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  let start = -1;
  let index = 0;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) ?? 0;
    const character = String.fromCodePoint(codePoint);
    const width = character.length;
    const isWord = WORD_CHARACTER.test(character) && !IDEOGRAPH.test(character);
    if (isWord) {
      if (start < 0) start = index;
    } else {
      if (start >= 0) spans.push({ start, end: index });
      start = -1;
      if (!/\s/u.test(character) && !/\p{C}/u.test(character)) spans.push({ start: index, end: index + width });
    }
    index += width;
  }
  if (start >= 0) spans.push({ start, end: text.length });
  return spans;
}
