/**
 * Document ids that encode time: id = seconds × 2^20 + sequence, so "newest first" is id order
 * (no sort over all matches) and a date range is an id range. Conversations without a time get
 * second 0 and sort last. Every adapter uses the same ids, so cursors mean the same everywhere.
 */
import { SearchRequestError } from './search-index.ts';

export const ID_SEQUENCE_BITS = 2 ** 20;

/** The second a document's id is allocated in (0 for conversations without a time). */
export function idSecond(time: number | null): number {
  return Math.max(0, time ?? 0);
}

export function tooManyInOneSecond(): Error {
  return new Error(`more than ${ID_SEQUENCE_BITS} conversations share one second (or have no time): the search index cannot order them`);
}

/** A from/to filter as an id bound: inclusive lower, exclusive upper ("to 2023-05-01" includes the whole day). */
export function idBound(field: 'from' | 'to', value: string): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/u.test(value);
  const millis = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(millis)) throw new SearchRequestError(field, `${field} must be a date (YYYY-MM-DD) or an ISO 8601 time`);
  const seconds = Math.floor(millis / 1000);
  const second = field === 'to' && dateOnly ? seconds + 86_400 : field === 'to' ? seconds + 1 : seconds;
  return second * ID_SEQUENCE_BITS;
}
