/**
 * Letters a language's alphabet does not have. When such a letter occurs in the text, the
 * model's guess for that language is impossible and is dropped in favour of the next one
 * (lingua does the same with its "unique characters" rules). Only closely related pairs the
 * n-gram model confuses are listed: Cyrillic Slavic and Turkic/Mongolic alphabets, Czech/Slovak,
 * Slovene/Croatian, Spanish/Portuguese, Turkish/Azerbaijani/Uzbek. A few entries are spellings rather
 * than letters (where an alphabet uses a letter only in one position).
 */
const IMPOSSIBLE_LETTERS: Readonly<Record<string, RegExp>> = {
  // Russian writes ъ only as a hard sign before е, ё, ю, я (объект); a vowel ъ (път, -ът) is Bulgarian.
  ru: /[јљњџђћѓќѕіїєґўѝәғқңөұүһ]|ъ(?![еёюя])/iu,
  // Bulgarian writes ь only before о (шофьор); Russian, Ukrainian and Belarusian ь elsewhere.
  bg: /[јљњџђћѓќѕіїєґўыэёәғқңөұүһ]|ь(?!о)/iu,
  uk: /[јљњџђћѓќѕўыэёъѝәғқңөұүһ]/iu,
  be: /[јљњџђћѓќѕїєґщъиѝәғқңөұүһ]/iu,
  mk: /[йщъыьэюяёђћіїєґўәғқңөұүһ]/iu,
  sr: /[йщъыьэюяёѓќѕіїєґўѝәғқңөұүһ]/iu,
  // Kazakh and Mongolian Cyrillic have none of the Slavic alphabets' own letters; Mongolian none of Kazakh's.
  kk: /[јљњџђћѓќѕїєґўѝ]/iu,
  mn: /[јљњџђћѓќѕіїєґўѝәғқңұһ]/iu,
  cs: /[äľĺŕô]/iu,
  sk: /[řůě]/iu,
  sl: /[ćđ]/iu,
  tr: /[əqxw]/iu,
  es: /[ãõç]/iu,
  pt: /[ñ]/iu,
};

export function isPossibleFor(isoCode: string, text: string): boolean {
  const impossible = IMPOSSIBLE_LETTERS[isoCode];
  return impossible === undefined || !impossible.test(text);
}

/**
 * Letters used by exactly one of the languages we report (lingua keeps a similar table): a
 * text containing them is in that language even if the n-gram model prefers a neighbour
 * (Yoruba's dotted ẹ/ọ/ṣ read as Irish or Catalan otherwise).
 */
const UNIQUE_LETTERS: ReadonlyArray<readonly [RegExp, string]> = [
  // ẹ and ọ are Vietnamese letters too; only without Vietnamese-only letters do they mean Yoruba.
  [/[ṣṢ]|^(?![\s\S]*[ăâđêôơưạảấầẩẫậắằẳẵặẻẽếềểễệỉịỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ])[\s\S]*[ẹọẸỌ]/u, 'yo'],
  [/[őűŐŰ]/u, 'hu'],
  [/[ģķļņĢĶĻŅ]/u, 'lv'],
  [/[ėįųĖĮŲ]/u, 'lt'],
  [/[ŵŷŴŶ]/u, 'cy'],
  [/[þÞ]/u, 'is'],
  [/[șțȘȚ]/u, 'ro'],
  [/ŉ/u, 'af'],
];

export function languageByUniqueLetter(text: string): string | null {
  for (const [pattern, isoCode] of UNIQUE_LETTERS) if (pattern.test(text)) return isoCode;
  return null;
}
