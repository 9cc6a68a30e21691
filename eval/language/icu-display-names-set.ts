import crypto from 'node:crypto';
import { EVAL_LANGUAGES } from './languages.ts';
import { LINE_LENGTHS, capped, emptyLines, lengthOf, type LanguageTestSet, type LineLength } from './test-sets.ts';
import { seededRandom } from '../../src/analytics/seeded-random.ts';

/**
 * `icu-display-names`: the locale data compiled into Node's ICU (CLDR's display names of languages,
 * regions, currencies, units, calendars and date fields; month and weekday names; relative-day
 * phrases; time-zone names), read through `Intl`. It was built after the stage's short-text rules
 * were last changed and before the rules of the `language-short` branch were written, scored once,
 * then frozen: FROZEN_FINGERPRINT is the hash of its lines, so a Node with other ICU data, or an edit
 * of this builder, shows up as a different set instead of silently moving the figures.
 *
 * A string that two languages of the set spell identically ("Argentina" in Spanish, Catalan and
 * Portuguese; Nynorsk names CLDR inherits from Bokmål) says nothing about which one it is, so it is
 * dropped from both; so are strings identical to the English data (untranslated fall-backs).
 */
const SEED = 20261203;
const FROZEN_FINGERPRINT = '8ae3da8cf07e87d8';

// Intl locale for an in-set code where the two differ (Filipino stands for Tagalog in CLDR).
const ICU_LOCALE: Readonly<Record<string, string>> = { tl: 'fil' };

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const TWO_LETTER_CODES = [...LETTERS].flatMap((first) => [...LETTERS].map((second) => first + second));
const DATE_FIELDS = ['era', 'year', 'quarter', 'month', 'weekOfYear', 'weekday', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'timeZoneName'] as const;
const RELATIVE_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;

function displayNames(locale: string, type: Intl.DisplayNamesType, codes: readonly string[]): string[] {
  const names = new Intl.DisplayNames([locale], { type, fallback: 'none' });
  const result: string[] = [];
  for (const code of codes) {
    try {
      const name = names.of(code);
      if (name !== undefined && name.toLowerCase() !== code.toLowerCase()) result.push(name);
    } catch {
      // A code this type does not accept (a two-letter string that is no region subtag, …).
    }
  }
  return result;
}

/** Month and weekday names, in running text ("format") and on their own ("standalone"). */
function calendarNames(locale: string): string[] {
  const result: string[] = [];
  for (const option of [{ month: 'long' }, { weekday: 'long' }] as const) {
    const format = new Intl.DateTimeFormat([locale], { ...option, timeZone: 'UTC' });
    for (let month = 0; month < 12; month += 1) {
      const date = new Date(Date.UTC(2024, month, 1 + month));
      for (const part of format.formatToParts(date)) if (part.type === 'month' || part.type === 'weekday') result.push(part.value);
    }
  }
  return result;
}

/** "yesterday", "next week", "this year": the phrases RelativeTimeFormat writes without a number. */
function relativePhrases(locale: string): string[] {
  const format = new Intl.RelativeTimeFormat([locale], { numeric: 'auto' });
  return RELATIVE_UNITS.flatMap((unit) => [-1, 0, 1].map((value) => format.format(value, unit)));
}

function unitNames(locale: string): string[] {
  return Intl.supportedValuesOf('unit').flatMap((unit) =>
    new Intl.NumberFormat([locale], { style: 'unit', unit, unitDisplay: 'long' })
      .formatToParts(5)
      .filter((part) => part.type === 'unit')
      .map((part) => part.value),
  );
}

function timeZoneNames(locale: string): string[] {
  const result: string[] = [];
  const date = new Date(Date.UTC(2024, 0, 15));
  for (const style of ['long', 'longGeneric'] as const) {
    for (const timeZone of Intl.supportedValuesOf('timeZone')) {
      const part = new Intl.DateTimeFormat([locale], { timeZone, timeZoneName: style }).formatToParts(date).find((each) => each.type === 'timeZoneName');
      if (part) result.push(part.value);
    }
  }
  return result;
}

/** Every distinct string of one locale's data, trimmed, with letters and without digits. */
function localeStrings(locale: string): Set<string> {
  const all = [
    ...displayNames(locale, 'language', TWO_LETTER_CODES),
    ...displayNames(
      locale,
      'region',
      TWO_LETTER_CODES.map((code) => code.toUpperCase()),
    ),
    ...displayNames(locale, 'currency', Intl.supportedValuesOf('currency')),
    ...displayNames(locale, 'calendar', Intl.supportedValuesOf('calendar')),
    ...displayNames(locale, 'dateTimeField', DATE_FIELDS),
    ...calendarNames(locale),
    ...relativePhrases(locale),
    ...unitNames(locale),
    ...timeZoneNames(locale),
  ];
  return new Set(all.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => /\p{L}/u.test(text) && !/\d/.test(text)));
}

function fingerprint(lines: ReadonlyMap<string, Record<LineLength, string[]>>): string {
  const hash = crypto.createHash('sha256');
  for (const iso of [...lines.keys()].sort())
    for (const length of LINE_LENGTHS) hash.update(`${iso}\t${length}\t${(lines.get(iso)?.[length] ?? []).join('\n')}\n`);
  return hash.digest('hex').slice(0, 16);
}

export function icuDisplayNameSet(): LanguageTestSet {
  const supported = new Set(Intl.DisplayNames.supportedLocalesOf(EVAL_LANGUAGES.map((language) => ICU_LOCALE[language.iso] ?? language.iso)));
  const stringsByLanguage = new Map<string, Set<string>>();
  for (const language of EVAL_LANGUAGES) {
    const locale = ICU_LOCALE[language.iso] ?? language.iso;
    if (supported.has(locale)) stringsByLanguage.set(language.iso, localeStrings(locale));
  }
  const spellers = new Map<string, number>();
  for (const strings of stringsByLanguage.values()) for (const text of strings) spellers.set(text, (spellers.get(text) ?? 0) + 1);
  const english = stringsByLanguage.get('en') ?? new Set<string>();
  const random = seededRandom(SEED);
  const lines = new Map<string, Record<LineLength, string[]>>();
  for (const [iso, strings] of stringsByLanguage) {
    const byLength = emptyLines();
    for (const text of [...strings].sort()) {
      if ((spellers.get(text) ?? 0) > 1 || (iso !== 'en' && english.has(text))) continue;
      byLength[lengthOf(text, iso)].push(text);
    }
    lines.set(iso, byLength);
  }
  const sample = capped(lines, random);
  const actual = fingerprint(sample);
  const frozen = actual === FROZEN_FINGERPRINT ? 'frozen set' : `NOT the frozen set (fingerprint ${actual}, frozen ${FROZEN_FINGERPRINT})`;
  return {
    name: 'icu-display-names',
    description: `Node ${process.versions.node}'s ICU ${process.versions.icu} / CLDR ${process.versions.cldr ?? '?'} locale data through \`Intl\` (names of languages, regions, currencies, units, calendars and date fields; month and weekday names; relative-day phrases; time-zone names), strings two languages share or identical to English dropped; up to 150 distinct lines per language and length, seeded sample; ${frozen}. Held out: built and scored before the short-text rules of December 3 were written`,
    lines: sample,
  };
}
