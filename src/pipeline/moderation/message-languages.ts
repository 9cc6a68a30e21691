/**
 * Which word lists may apply to a message. A lexicon term only means something in its own
 * language: the Portuguese list's "homosexual" is an everyday English word, and the Chinese
 * list's "13." is a number everywhere. So each list of naughty-words applies only to messages
 * of its language:
 * - non-Latin scripts decide by script (Han without kana → zh, kana → ja, Hangul → ko, Thai → th,
 *   Cyrillic → ru, Arabic script → ar and fa, Devanagari → hi);
 * - Latin-script text is read by its function words (short, frequent, language-specific words:
 *   a language counts when at least two of its words occur, or one in a message of at most four
 *   words); English lists always apply to Latin text, since English swearing is borrowed
 *   everywhere.
 * A language code from the language stage, when the caller has one, is added to the guess.
 */

const HAN = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
const KANA = /[\u3040-\u30ff]/u;
const HANGUL = /[\uac00-\ud7af\u1100-\u11ff]/u;
const THAI = /[\u0e00-\u0e7f]/u;
const CYRILLIC = /[\u0400-\u04ff]/u;
const ARABIC = /[\u0600-\u06ff]/u;
const DEVANAGARI = /[\u0900-\u097f]/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

/** Function words per Latin-script language of naughty-words (none are words of English). */
const FUNCTION_WORDS: Record<string, readonly string[]> = {
  cs: ['je', 'se', 'na', 'že', 'jsem', 'není', 'jako', 'ale', 'nebo', 'jsi', 'když', 'proč', 'také', 'který', 'být', 'ty'],
  da: ['og', 'ikke', 'jeg', 'det', 'er', 'til', 'på', 'med', 'af', 'som', 'har', 'du', 'hvad', 'være', 'meget'],
  de: ['und', 'nicht', 'ich', 'ist', 'der', 'das', 'du', 'bist', 'ein', 'eine', 'mit', 'auf', 'für', 'sie', 'es', 'wie', 'zu', 'den', 'dem', 'sich', 'auch'],
  eo: ['kaj', 'estas', 'la', 'mi', 'vi', 'ne', 'por', 'kun', 'kiu', 'tio', 'estis'],
  es: [
    'el',
    'la',
    'los',
    'las',
    'que',
    'de',
    'y',
    'en',
    'es',
    'eres',
    'un',
    'una',
    'por',
    'con',
    'para',
    'pero',
    'muy',
    'qué',
    'como',
    'del',
    'yo',
    'tu',
    'tú',
  ],
  fi: ['ja', 'ei', 'että', 'se', 'olen', 'olet', 'mitä', 'kuin', 'mutta', 'minä', 'sinä', 'tämä'],
  fil: ['ang', 'ng', 'mga', 'sa', 'ako', 'ka', 'ikaw', 'hindi', 'naman', 'lang', 'ito', 'siya'],
  fr: ['le', 'la', 'les', 'et', 'est', 'je', 'tu', 'il', 'des', 'une', 'un', 'que', 'pas', 'pour', 'dans', 'avec', 'sur', 'ce', 'qui', 'du', 'es', 'vous'],
  hu: ['és', 'az', 'hogy', 'nem', 'egy', 'vagy', 'meg', 'te', 'én', 'ez'],
  it: ['il', 'la', 'di', 'che', 'e', 'è', 'sei', 'un', 'una', 'per', 'non', 'con', 'sono', 'del', 'della', 'gli', 'questo', 'ma', 'tu'],
  kab: ['d', 'ur', 'deg', 'ad', 'akken', 'yiwen', 'nek', 'kečč'],
  nl: ['de', 'het', 'een', 'en', 'niet', 'ik', 'je', 'jij', 'bent', 'van', 'dat', 'op', 'met', 'voor', 'zijn', 'maar', 'ook', 'wat', 'hij'],
  no: ['og', 'ikke', 'jeg', 'det', 'er', 'til', 'på', 'med', 'av', 'som', 'har', 'du', 'hva', 'være', 'veldig'],
  pl: ['nie', 'się', 'na', 'jest', 'że', 'w', 'z', 'jestem', 'jesteś', 'ale', 'czy', 'jak', 'co', 'ty', 'tak'],
  pt: ['o', 'os', 'que', 'de', 'e', 'é', 'um', 'uma', 'não', 'em', 'para', 'com', 'você', 'do', 'da', 'eu', 'mas', 'por', 'seu'],
  sv: ['och', 'inte', 'jag', 'det', 'är', 'att', 'på', 'med', 'som', 'har', 'du', 'vad', 'en', 'ett', 'mycket'],
  tlh: ['jIH', 'SoH', 'ghaH', 'vaj', "'ej"].map((word) => word.toLowerCase()),
  tr: ['ve', 'bir', 'bu', 'da', 'de', 'ne', 'için', 'ben', 'sen', 'değil', 'çok', 'mı', 'mi', 'gibi', 'ama'],
};

const LANGUAGES_BY_WORD = new Map<string, string[]>();
for (const [language, words] of Object.entries(FUNCTION_WORDS)) {
  for (const word of words) {
    const languages = LANGUAGES_BY_WORD.get(word) ?? [];
    languages.push(language);
    LANGUAGES_BY_WORD.set(word, languages);
  }
}
const WORD = /[\p{L}\p{M}']+/gu;

/** The languages of one message; Latin-script languages are read only when first asked about. */
export interface MessageLanguages {
  has(language: string): boolean;
}

const SCRIPT_LANGUAGES = new Set(['ja', 'zh', 'ko', 'th', 'ru', 'ar', 'fa', 'hi', 'en']);

/**
 * Languages whose word lists apply to `lowerText` (NFKC-normalised, lower-cased). `hint` is an
 * ISO 639 code or BCP 47 tag from the language stage, or null. Reading function words costs a
 * pass over the words, and most messages never hit a non-English Latin-script entry, so that
 * pass runs on the first question about such a language.
 */
export function messageLanguages(lowerText: string, hint: string | null = null): MessageLanguages {
  const languages = new Set<string>();
  if (hint !== null && hint.length > 0) languages.add(hint.toLowerCase().split(/[-_]/)[0] as string);
  if (KANA.test(lowerText)) languages.add('ja');
  else if (HAN.test(lowerText)) languages.add('zh');
  if (HANGUL.test(lowerText)) languages.add('ko');
  if (THAI.test(lowerText)) languages.add('th');
  if (CYRILLIC.test(lowerText)) languages.add('ru');
  if (ARABIC.test(lowerText)) {
    languages.add('ar');
    languages.add('fa');
  }
  if (DEVANAGARI.test(lowerText)) languages.add('hi');
  const latin = LATIN_LETTER.test(lowerText);
  if (latin) languages.add('en');
  let latinRead = !latin;
  return {
    has(language: string): boolean {
      if (languages.has(language)) return true;
      if (latinRead || SCRIPT_LANGUAGES.has(language)) return false;
      latinRead = true;
      for (const found of latinLanguages(lowerText)) languages.add(found);
      // Canadian French shares the French list's audience.
      if (languages.has('fr')) languages.add('fr-ca-u-sd-caqc');
      return languages.has(language);
    },
  };
}

function latinLanguages(lowerText: string): string[] {
  const counts = new Map<string, number>();
  let words = 0;
  for (const match of lowerText.matchAll(WORD)) {
    words += 1;
    for (const language of LANGUAGES_BY_WORD.get(match[0]) ?? []) counts.set(language, (counts.get(language) ?? 0) + 1);
    if (words >= 400) break;
  }
  const needed = words <= 4 ? 1 : 2;
  return [...counts].filter(([, count]) => count >= needed).map(([language]) => language);
}
