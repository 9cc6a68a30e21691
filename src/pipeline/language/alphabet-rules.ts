/**
 * Letters a language's alphabet does not have. When such a letter occurs in the text, the
 * model's guess for that language is impossible and is dropped in favour of the next one
 * (lingua does the same with its "unique characters" rules). Only closely related pairs the
 * n-gram model confuses are listed: Cyrillic Slavic languages, Czech/Slovak, Slovene/Croatian,
 * Spanish/Portuguese, Turkish/Azerbaijani/Uzbek.
 */
const IMPOSSIBLE_LETTERS: Readonly<Record<string, RegExp>> = {
  ru: /[јљњџђћѓќѕіїєґўәғқңөұүһ]/iu,
  bg: /[јљњџђћѓќѕіїєґўыэёәғқңөұүһ]/iu,
  uk: /[јљњџђћѓќѕўыэёъ]/iu,
  be: /[јљњџђћѓќѕїєґщъи]/iu,
  mk: /[йщъыьэюяёђћіїєґў]/iu,
  sr: /[йщъыьэюяёѓќѕіїєґў]/iu,
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
