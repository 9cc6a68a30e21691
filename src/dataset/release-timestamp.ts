/**
 * Timestamps in release records are canonical ISO 8601 UTC text: `YYYY-MM-DDTHH:MM:SSZ`, with
 * a fraction only when it is not zero (up to microseconds, as WildChat's timestamp[us]).
 * Inputs come as ISO text (with or without zone, `T` or space), DuckDB text
 * (`2023-04-09 00:02:53+00`), epoch seconds or epoch milliseconds.
 */

const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

function trimFraction(fraction: string): string {
  const micro = fraction.slice(0, 6).replace(/0+$/, '');
  return micro === '' ? '' : '.' + micro;
}

/** Epoch milliseconds to canonical text. */
export function formatReleaseTimestamp(epochMilliseconds: number): string {
  const iso = new Date(epochMilliseconds).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return iso.slice(0, 19) + trimFraction(iso.slice(20, 23)) + 'Z';
}

/** Epoch seconds below this are read as seconds, above as milliseconds (year 5138 / 1973). */
const SECONDS_LIMIT = 1e11;

/**
 * Any accepted timestamp to canonical text; null stays null. Throws on text it cannot read,
 * so the importer can report the row.
 */
export function normalizeReleaseTimestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return formatReleaseTimestamp(value.getTime());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('timestamp is not a finite number');
    return formatReleaseTimestamp(Math.abs(value) < SECONDS_LIMIT ? value * 1000 : value);
  }
  if (typeof value !== 'string') throw new Error(`timestamp of type ${typeof value}`);
  const match = ISO_PATTERN.exec(value.trim());
  if (match === null) throw new Error('timestamp text is not ISO 8601');
  const [, date = '', time = '', fraction = '', zone] = match;
  const zoneIsUtc = zone === undefined || /^(Z|z|UTC|[+-]00(:?00)?)$/.test(zone);
  if (zoneIsUtc) {
    if (Number.isNaN(Date.parse(`${date}T${time}Z`))) throw new Error('timestamp is not a valid date');
    return `${date}T${time}${trimFraction(fraction)}Z`;
  }
  // A non-UTC offset: convert (sub-millisecond digits are dropped, which no known source has).
  const normalizedZone = zone.length === 3 ? zone + ':00' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = Date.parse(`${date}T${time}${fraction === '' ? '' : '.' + fraction.slice(0, 3)}${normalizedZone}`);
  if (Number.isNaN(parsed)) throw new Error('timestamp is not a valid date');
  return formatReleaseTimestamp(parsed);
}

/** Canonical text to epoch milliseconds (for ranges and indexes). */
export function releaseTimestampToEpochMilliseconds(timestamp: string): number {
  return Date.parse(timestamp);
}
