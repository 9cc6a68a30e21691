import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * IBANs in electronic (DE89370400440532013000) or print (DE89 3704 …) form, checked with ISO 13616
 * mod-97 and national check digits. People also type them in lower case or with hyphens
 * ("de89-3704-…"); the checksum makes those as safe to accept as the canonical form.
 */
const CANDIDATE_PATTERN = /\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?\b/g;

export function createIbanRecognizer(): Recognizer {
  return {
    name: 'iban',
    entity: 'IBAN_CODE',
    mayMatch: (text) => /[A-Za-z]{2}\d{2}/.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(CANDIDATE_PATTERN)) {
        let value = match[0];
        // The greedy tail may have swallowed the next word ("… 3000 DATE"); shrink until valid.
        while (value.length >= 15) {
          const electronic = electronicFormatIBAN(value.toUpperCase().replace(/-/g, '')) ?? '';
          if (isValidIBAN(electronic)) {
            spans.push({
              start: match.index,
              end: match.index + value.length,
              entity: 'IBAN_CODE',
              score: 0.98,
              metadata: { country: electronic.slice(0, 2) },
            });
            break;
          }
          const lastSpace = Math.max(value.lastIndexOf(' '), value.lastIndexOf('-'));
          if (lastSpace < 0) break;
          value = value.slice(0, lastSpace);
        }
      }
      return spans;
    },
  };
}
