import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/** IBANs in electronic (DE89370400440532013000) or print (DE89 3704 …) form, checked with ISO 13616 mod-97. */
const CANDIDATE_PATTERN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;

export function createIbanRecognizer(): Recognizer {
  return {
    name: 'iban',
    entity: 'IBAN_CODE',
    mayMatch: (text) => /[A-Z]{2}\d{2}/.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(CANDIDATE_PATTERN)) {
        let value = match[0];
        // The greedy tail may have swallowed the next word ("… 3000 DATE"); shrink until valid.
        while (value.length >= 15) {
          const electronic = electronicFormatIBAN(value) ?? '';
          if (isValidIBAN(electronic)) {
            spans.push({
              start: match.index, end: match.index + value.length, entity: 'IBAN_CODE', score: 0.98,
              metadata: { country: electronic.slice(0, 2) },
            });
            break;
          }
          const lastSpace = value.lastIndexOf(' ');
          if (lastSpace < 0) break;
          value = value.slice(0, lastSpace);
        }
      }
      return spans;
    },
  };
}
