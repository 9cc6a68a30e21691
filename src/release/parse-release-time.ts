/**
 * Parses --since/--until/--now: an ISO 8601 date (`2024-04-30`) or date-time; a time without a
 * zone is taken as UTC, so the same flag means the same instant on every machine.
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

export function parseReleaseTime(text: string): number | null {
  const value = text.trim();
  let iso: string;
  if (DATE_ONLY.test(value)) iso = `${value}T00:00:00Z`;
  else if (DATE_TIME.test(value)) iso = HAS_ZONE.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`;
  else return null;
  const time = Date.parse(iso);
  return Number.isFinite(time) ? time : null;
}
