/**
 * Terms a conversation contributes to cluster labels: lower-cased words of three or more letters
 * (not in a short stop list) and, for scripts written without spaces, character bigrams. Each
 * conversation counts a term once, so a label reflects how many conversations use it.
 */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const STOP_WORDS = new Set(
  (
    'the and for that this with you your are was were have has had not but can could would should will what which who whom how why when where ' +
    "from into about there their them they then than these those its it’s it's our out all any each more most other some such only own same very " +
    'just also been being did does doing done get got give make made like want need please thanks thank write tell know one two use using ' +
    'les des une est pour que qui dans par sur avec pas plus der die das und ist nicht mit ein eine los las del por una para con que como ' +
    'что это как для или при так его она они'
  ).split(' '),
);
const MAX_TERMS = 40;

export function conversationTerms(text: string): string[] {
  const terms = new Set<string>();
  const lower = text.slice(0, 2000).toLowerCase();
  for (const match of lower.matchAll(WORD)) {
    const word = match[0];
    if (UNSPACED.test(word)) {
      const characters = [...word].filter((character) => UNSPACED.test(character));
      for (let index = 0; index + 1 < characters.length; index += 1) terms.add(`${characters[index] ?? ''}${characters[index + 1] ?? ''}`);
    } else if ([...word].length >= 3 && !STOP_WORDS.has(word) && !/^\d+$/u.test(word)) terms.add(word);
    if (terms.size >= MAX_TERMS) break;
  }
  return [...terms];
}
