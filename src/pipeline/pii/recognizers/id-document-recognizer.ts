import type { PiiEntityType, PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * Passport and driver's licence numbers. Their formats differ per country and collide with order
 * numbers, so a number counts only within a few words after a document cue, in any of the ten
 * languages. The span outranks PHONE_NUMBER, so a licence number that also parses as a phone is
 * typed as what the user said it is.
 */
interface DocumentCue {
  entity: PiiEntityType;
  cue: RegExp;
}

const CUES: readonly DocumentCue[] = [
  {
    entity: 'PASSPORT',
    cue: /(?:passport|passeport|pasaporte|passaporto|reisepass|\bpass(?:nummer|-nr)|passaporte|паспорт|护照|護照|旅券|パスポート|여권)/iu,
  },
  {
    entity: 'DRIVER_LICENSE',
    cue: /(?:driver'?s?['’]?\s*licen[cs]e|driving\s+licen[cs]e|licen[cs]e\s+(?:no|number|#)|\bDL\s*(?:no|number|#|:)|permis\s+de\s+conduire|f[üu]hrerschein|licencia\s+de\s+conduc(?:ir|tor)|carteira\s+de\s+motorista|carta\s+de\s+condução|\bCNH\b|patente\s+(?:di\s+guida|n)|водительск\S*\s+удостоверени\S*|\bВУ\b|驾照|驾驶证|駕照|運転免許|운전면허)/iu,
  },
];

const PREFILTER =
  /passport|passeport|pasaporte|passaport|reisepass|pass|паспорт|护照|護照|旅券|パスポート|여권|licen|\bDL\b|permis|schein|conduc|motorista|condução|CNH|patente|водительск|ВУ|驾|駕|運転|운전/iu;
// The same words without the `u` flag run about three times faster. Without it only the long s
// and the Kelvin sign stop matching "s" and "k" case-insensitively, so a text holding either goes
// straight to the exact test: the answer is always PREFILTER's.
const QUICK_PREFILTER = new RegExp(PREFILTER.source, 'i');
const FOLDS_ONLY_WITH_UNICODE = /[\u017f\u212a]/;

// Both document recognizers ask about the same text one after the other.
let lastText: string | null = null;
let lastAnswer = false;

function mentionsDocument(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastAnswer = (QUICK_PREFILTER.test(text) || FOLDS_ONLY_WITH_UNICODE.test(text)) && PREFILTER.test(text);
  }
  return lastAnswer;
}

// Alphanumeric, at least 5 digits, 6–20 characters, groups joined by single spaces or hyphens.
const NUMBER =
  /(?<![A-Za-z0-9\p{Script=Latin}\p{Script=Cyrillic}])(?=[A-Za-z]{0,3}\d)(?=[A-Za-z0-9 -]*\d(?:[A-Za-z0-9 -]*\d){4})[A-Za-z0-9]{1,12}(?:[ -][A-Za-z0-9]{1,12}){0,3}(?![\p{L}\p{N}])/gu;
const WINDOW = 40;

export function createIdDocumentRecognizer(entity: 'PASSPORT' | 'DRIVER_LICENSE'): Recognizer {
  // The rest of the cue word too ("паспорта", "Führerscheinnummer").
  const cues = CUES.filter((cue) => cue.entity === entity).map(({ cue }) => new RegExp(`${cue.source}[\\p{L}'’-]*`, 'giu'));
  return {
    name: entity === 'PASSPORT' ? 'passport' : 'driver-license',
    entity,
    mayMatch: mentionsDocument,
    find(text) {
      const spans: PiiSpan[] = [];
      for (const cue of cues) {
        for (const match of text.matchAll(cue)) {
          const from = match.index + match[0].length;
          const window = text.slice(from, from + WINDOW);
          NUMBER.lastIndex = 0;
          const found = NUMBER.exec(window);
          if (!found) continue;
          // The words between the cue and the number may only be "number", "no.", ":", "is" and the like.
          const between = window.slice(0, found.index);
          if (
            !/^[\s:#.：,]*(?:(?:number|num|no|nr|n°|nº|#|is|was|id|numéro|número|numero|nummer|номер|№|号码|号|番号|번호|es|est|ist|è|é|:)[\s:#.：,]*){0,3}$/iu.test(
              between,
            )
          )
            continue;
          let value = found[0].trim();
          // "No. X1234567 issued …": trailing words are not part of the number.
          while (/[ -][A-Za-z]+$/.test(value) && !/\d/.test(value.slice(value.search(/[ -][A-Za-z]+$/)))) value = value.replace(/[ -][A-Za-z]+$/, '');
          const digits = value.replace(/\D/g, '').length;
          if (digits < 5 || value.length < 6 || value.length > 24) continue;
          const start = from + found.index;
          spans.push({ start, end: start + value.length, entity, score: 0.9 });
        }
      }
      return spans;
    },
  };
}
