import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { countDigits } from './context-cues.ts';

/**
 * US social security numbers: AAA-GG-SSSS (or spaces). Area 000, 666 and 900–999, group 00 and
 * serial 0000 are never issued; well-known published examples are ignored. Nine bare digits count
 * only after an SSN cue, because bare 9-digit numbers are mostly something else.
 */
const GROUPED_PATTERN = /(?<![\d\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d\w]|-\d)/g;
const BARE_PATTERN = /(?<![\d\w-])(\d{3})(\d{2})(\d{4})(?![\d\w-])/g;
const SSN_CUE = /(?:\bssn|social security|soc\. ?sec|\bss#|\bsocial\b)[^\n]{0,25}$/i;
const SSN_WORD = /ssn|social|soc\.|ss#/i;
const PUBLISHED_EXAMPLES = new Set(['078051120', '219099999', '123456789', '457555462']);

export function isPlausibleSsn(area: string, group: string, serial: string): boolean {
  const areaNumber = Number(area);
  if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  return !PUBLISHED_EXAMPLES.has(area + group + serial);
}

export function createUsSsnRecognizer(): Recognizer {
  return {
    name: 'us-ssn',
    entity: 'US_SSN',
    mayMatch: (text) => countDigits(text, 9),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(GROUPED_PATTERN)) {
        if (!isPlausibleSsn(match[1] ?? '', match[3] ?? '', match[4] ?? '')) continue;
        const cued = SSN_CUE.test(text.slice(Math.max(0, match.index - 40), match.index));
        // Space-separated triples are too often other numbers; dashed ones are the SSN layout.
        if (match[2] === ' ' && !cued) continue;
        spans.push({ start: match.index, end: match.index + match[0].length, entity: 'US_SSN', score: cued ? 0.95 : 0.75 });
      }
      if (!SSN_WORD.test(text)) return spans;
      for (const match of text.matchAll(BARE_PATTERN)) {
        if (!SSN_CUE.test(text.slice(Math.max(0, match.index - 40), match.index))) continue;
        if (!isPlausibleSsn(match[1] ?? '', match[2] ?? '', match[3] ?? '')) continue;
        spans.push({ start: match.index, end: match.index + match[0].length, entity: 'US_SSN', score: 0.9 });
      }
      return spans;
    },
  };
}
