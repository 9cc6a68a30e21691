/** Result exports: CSV of hit metadata, JSONL of whole records. Pure formatting. */
import type { SearchHit } from '../../search/search-index.ts';

export const CSV_COLUMNS = [
  'dataset',
  'conversation_hash',
  'timestamp',
  'model',
  'language',
  'country',
  'state',
  'hashed_ip',
  'toxic',
  'redacted',
  'jailbreak_family',
  'turns',
  'preview',
] as const;

/** Quotes when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(hit: SearchHit): string {
  const values: Array<string | number | boolean | null> = [
    hit.dataset,
    hit.conversationHash,
    hit.timestamp,
    hit.model,
    hit.language,
    hit.country,
    hit.state,
    hit.hashedIp,
    hit.toxic,
    hit.redacted,
    hit.jailbreakFamily,
    hit.turns,
    hit.preview,
  ];
  return values.map(csvField).join(',');
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}
