/**
 * Removes what is not natural language before identification: fenced, inline and indented
 * code, code-looking lines, URLs, e-mail addresses, redaction placeholders, HTML tags and
 * numbers; newlines become spaces (fastText reads one line). Detection on a chat prompt that is
 * mostly a stack trace otherwise reports "English" for keywords like `return`.
 */
const FENCED_CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)/g;
const INLINE_CODE = /`[^`\n]{1,200}`/g;
const URL = /\b(?:https?|ftp|file|wss?):\/\/\S+|\bwww\.\S+/gi;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PLACEHOLDER = /<(?:PRESIDIO_ANONYMIZED|TRUFFLEHOG_REDACTED)_[A-Z_]+>/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]{0,200}>/g;
const NUMBER = /[+-]?\p{N}+(?:[.,:/_-]\p{N}+)*%?/gu;
const CODE_LINE =
  /^\s*(?:(?:import|def|const|var|function|elif|fn|func|impl|struct|namespace)\s+[\w{*]|#include|#define|#!|\/\/|\/\*|[{}\];=<])|[;{]\s*$|^\s*[}\])]+[;,]?\s*$|=>|:=|==|!=|&&|\|\||\w\(.*\)\s*[;:{]?\s*$/;

export function cleanTextForLanguage(text: string): string {
  const withoutBlocks = text.replace(FENCED_CODE, ' ').replace(INLINE_CODE, ' ');
  const lines = withoutBlocks.split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    if (/^(?: {4}|\t)/.test(line)) continue; // Markdown indented code
    if (CODE_LINE.test(line) && !looksLikeProse(line)) continue;
    kept.push(line);
  }
  return kept
    .join(' ')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(PLACEHOLDER, ' ')
    .replace(HTML_TAG, ' ')
    .replace(NUMBER, ' ')
    .replace(/[_*#>|~^\\]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A line with several ordinary words and sentence punctuation is prose even if it has a "(" in it. */
function looksLikeProse(line: string): boolean {
  const words = line.match(/\p{L}{2,}/gu) ?? [];
  const symbols = line.match(/[{}()[\];=<>$@|&*/\\]/g) ?? [];
  return words.length >= 6 && symbols.length <= words.length / 4;
}

export function countLetters(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // ASCII fast path; other characters go through the Unicode property test.
    if (code < 128) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) count += 1;
    } else if (NON_ASCII_LETTER.test(text[index] ?? '')) {
      count += 1;
    }
  }
  return count;
}
const NON_ASCII_LETTER = /\p{L}/u;
