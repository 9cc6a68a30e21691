import { LINGUA_ISO_CODES } from './language-names.ts';

/**
 * WildChat's label set is closed: lingua's 75 languages plus `Nolang`. Languages outside it are
 * folded into the in-set language a lingua-based labeller would have picked for the same text
 * (a close relative written the same way); anything without such a relative is dropped so the
 * next-best in-set candidate wins, and a text whose script no in-set language uses is `Nolang`.
 */
const FOLD_INTO_SET: Readonly<Record<string, string>> = {
  // Philippine languages → Tagalog
  ceb: 'tl',
  war: 'tl',
  bcl: 'tl',
  ilo: 'tl',
  pam: 'tl',
  // Malay-Indonesian continuum and Javanese/Sundanese (Latin, Indonesian loan vocabulary)
  jv: 'id',
  su: 'id',
  min: 'id',
  mad: 'id',
  // Romance: Iberian and Gallo-Italic neighbours
  gl: 'pt',
  ast: 'es',
  an: 'es',
  ext: 'es',
  oc: 'ca',
  wa: 'fr',
  frp: 'fr',
  co: 'it',
  sc: 'it',
  fur: 'it',
  lij: 'it',
  rm: 'it',
  // West Germanic neighbours
  lb: 'de',
  nds: 'de',
  ksh: 'de',
  pfl: 'de',
  fy: 'nl',
  frr: 'nl',
  li: 'nl',
  zea: 'nl',
  gsw: 'de',
  yi: 'he',
  // Indic languages written in Devanagari / Bengali script
  ne: 'hi',
  sa: 'hi',
  mai: 'hi',
  bh: 'hi',
  new: 'hi',
  dty: 'hi',
  kok: 'mr',
  as: 'bn',
  bpy: 'bn',
  // Perso-Arabic script languages
  ckb: 'fa',
  glk: 'fa',
  mzn: 'fa',
  lrc: 'fa',
  ps: 'fa',
  sd: 'ur',
  ks: 'ur',
  ug: 'fa',
  // Cyrillic Turkic and Iranian languages: Kazakh shares their extra letters, Tajik reads as Russian to lingua
  ky: 'kk',
  tt: 'kk',
  ba: 'kk',
  krc: 'kk',
  sah: 'kk',
  tyv: 'kk',
  tg: 'ru',
  cv: 'ru',
  ce: 'ru',
  os: 'ru',
  mhr: 'ru',
  mrj: 'ru',
  myv: 'ru',
  kv: 'ru',
  udm: 'ru',
  av: 'ru',
  lez: 'ru',
  xal: 'ru',
  bxr: 'mn',
  ab: 'ru',
  rue: 'uk',
  // Latin-script Turkic languages
  uz: 'tr',
  tk: 'tr',
  gag: 'tr',
  crh: 'tr',
  // Celtic and Norse neighbours
  gd: 'ga',
  gv: 'ga',
  br: 'cy',
  kw: 'cy',
  fo: 'is',
  no: 'nb',
  // Baltic, Slavic and Uralic neighbours
  sh: 'hr',
  hsb: 'cs',
  dsb: 'cs',
  szl: 'pl',
  csb: 'pl',
  ltg: 'lv',
  sgs: 'lt',
  vep: 'et',
  vro: 'et',
  se: 'fi',
  rusyn: 'uk',
  // Bantu and other African languages → the in-set relative
  nso: 'st',
  ss: 'zu',
  nr: 'zu',
  nd: 'zu',
  ny: 'sn',
  rw: 'lg',
  rn: 'lg',
  ig: 'yo',
  ha: 'so',
  om: 'so',
  mg: 'id',
  // Constructed and classical
  ia: 'la',
  ie: 'la',
  io: 'eo',
  vo: 'eo',
  nov: 'eo',
  lfn: 'eo',
};

export function isInLabelSet(isoCode: string): boolean {
  return LINGUA_ISO_CODES.has(isoCode);
}

/** The in-set ISO code reported for `isoCode`, or null when no in-set language stands for it. */
export function foldIntoLabelSet(isoCode: string): string | null {
  if (LINGUA_ISO_CODES.has(isoCode)) return isoCode;
  const folded = FOLD_INTO_SET[isoCode];
  return folded !== undefined && LINGUA_ISO_CODES.has(folded) ? folded : null;
}
