/**
 * ISO 639 codes → the language names WildChat publishes. WildChat used lingua-py and title-cased
 * its enum names (`English`, `Chinese`, `Bokmal`, `Slovene`, …), so lingua's 75 languages use
 * lingua's spelling; any other code gets its English name from Intl.DisplayNames, without
 * qualifiers ("Serbian (Latin)" → "Serbian").
 */
export const NO_LANGUAGE = 'Nolang';

const LINGUA_NAMES: Readonly<Record<string, string>> = {
  af: 'Afrikaans',
  sq: 'Albanian',
  ar: 'Arabic',
  hy: 'Armenian',
  az: 'Azerbaijani',
  eu: 'Basque',
  be: 'Belarusian',
  bn: 'Bengali',
  nb: 'Bokmal',
  bs: 'Bosnian',
  bg: 'Bulgarian',
  ca: 'Catalan',
  zh: 'Chinese',
  hr: 'Croatian',
  cs: 'Czech',
  da: 'Danish',
  nl: 'Dutch',
  en: 'English',
  eo: 'Esperanto',
  et: 'Estonian',
  fi: 'Finnish',
  fr: 'French',
  lg: 'Ganda',
  ka: 'Georgian',
  de: 'German',
  el: 'Greek',
  gu: 'Gujarati',
  he: 'Hebrew',
  hi: 'Hindi',
  hu: 'Hungarian',
  is: 'Icelandic',
  id: 'Indonesian',
  ga: 'Irish',
  it: 'Italian',
  ja: 'Japanese',
  kk: 'Kazakh',
  ko: 'Korean',
  la: 'Latin',
  lv: 'Latvian',
  lt: 'Lithuanian',
  mk: 'Macedonian',
  ms: 'Malay',
  mi: 'Maori',
  mr: 'Marathi',
  mn: 'Mongolian',
  nn: 'Nynorsk',
  fa: 'Persian',
  pl: 'Polish',
  pt: 'Portuguese',
  pa: 'Punjabi',
  ro: 'Romanian',
  ru: 'Russian',
  sr: 'Serbian',
  sn: 'Shona',
  sk: 'Slovak',
  sl: 'Slovene',
  so: 'Somali',
  st: 'Sotho',
  es: 'Spanish',
  sw: 'Swahili',
  sv: 'Swedish',
  tl: 'Tagalog',
  ta: 'Tamil',
  te: 'Telugu',
  th: 'Thai',
  ts: 'Tsonga',
  tn: 'Tswana',
  tr: 'Turkish',
  uk: 'Ukrainian',
  ur: 'Urdu',
  vi: 'Vietnamese',
  cy: 'Welsh',
  xh: 'Xhosa',
  yo: 'Yoruba',
  zu: 'Zulu',
};

/** ISO codes of lingua's 75 languages: the closed set of names the stage reports (plus Nolang). */
export const LINGUA_ISO_CODES: ReadonlySet<string> = new Set(Object.keys(LINGUA_NAMES));

/**
 * fastText (lid.176) labels folded into the language a lingua-based pipeline would report:
 * regional varieties into their standard language, Norwegian `no` into Bokmal.
 */
const FASTTEXT_ALIASES: Readonly<Record<string, string>> = {
  no: 'nb',
  arz: 'ar',
  azb: 'az',
  pnb: 'pa',
  wuu: 'zh',
  yue: 'zh',
  als: 'de',
  bar: 'de',
  lmo: 'it',
  nap: 'it',
  scn: 'it',
  vec: 'it',
  pms: 'it',
  eml: 'it',
  lrc: 'fa',
  mzn: 'fa',
  hif: 'hi',
  bh: 'hi',
  mai: 'hi',
  new: 'ne',
  bcl: 'tl',
  war: 'ceb',
  ilo: 'ilo',
  pam: 'pam',
  sco: 'en',
  vls: 'nl',
  li: 'nl',
  frr: 'fy',
  gom: 'kok',
  mrj: 'mhr',
  min: 'id',
  jv: 'jv',
  su: 'su',
  dty: 'ne',
  bpy: 'bn',
  xmf: 'ka',
  rue: 'uk',
  cbk: 'es',
};

let displayNames: Intl.DisplayNames | null = null;

/** Folds a fastText label into the ISO code we report. `sh` (Serbo-Croatian) is resolved by the caller. */
export function canonicalIsoCode(label: string): string {
  return FASTTEXT_ALIASES[label] ?? label;
}

export function languageName(isoCode: string): string {
  const lingua = LINGUA_NAMES[isoCode];
  if (lingua) return lingua;
  displayNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  let name: string | undefined;
  try {
    name = displayNames.of(isoCode);
  } catch {
    name = undefined;
  }
  if (!name || name === isoCode) return isoCode.toUpperCase();
  const plain = name.replace(/\s*\(.*\)\s*$/, '');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}
