/**
 * Text normalisation every adapter applies the same way, so CJK substrings and case behave alike.
 *
 * Chinese, Japanese, Thai ... are written without spaces and most of their words are one or two
 * characters, which word tokenizers and trigram indexes both miss. So every such character is made
 * a token of its own (cjkSpaced): a CJK query becomes a phrase of single characters, which finds
 * any CJK substring of any length, while Latin, Cyrillic ... words keep word semantics (a search
 * for "cat" does not match "category").
 */
import type { SearchQuery } from './query-syntax.ts';

const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}])/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const TOKEN_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Puts spaces around every CJK (and unspaced-script) character so a word tokenizer indexes each one. */
export function cjkSpaced(text: string): string {
  return text.replace(CJK, ' $1 ');
}

export function hasTokenCharacter(text: string): boolean {
  return TOKEN_CHAR.test(text);
}

export function hasCjkCharacter(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** The four indexed texts of a conversation (see documentTexts). */
export type TextColumn = 'first_user' | 'first_assistant' | 'rest_user' | 'rest_assistant';

/** The texts a query's role: and turn: scope searches. */
export function scopedColumns(query: SearchQuery): TextColumn[] {
  if (query.firstTurnOnly) {
    if (query.role === 'user') return ['first_user'];
    if (query.role === 'assistant') return ['first_assistant'];
    return ['first_user', 'first_assistant'];
  }
  if (query.role === 'user') return ['first_user', 'rest_user'];
  if (query.role === 'assistant') return ['first_assistant', 'rest_assistant'];
  return ['first_user', 'first_assistant', 'rest_user', 'rest_assistant'];
}
