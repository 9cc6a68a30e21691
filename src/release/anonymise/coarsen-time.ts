/** Release timestamps cut to a precision (UTC), in the release's canonical text form. */
import type { TimestampPrecision } from './release-profile.ts';

const UNIT_MILLISECONDS: Record<TimestampPrecision, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `2024-05-01T13:47:12.345Z` → `2024-05-01T13:00:00Z` for 'hour'; null stays null. */
export function coarsenTimestamp(value: string | null, precision: TimestampPrecision): string | null {
  if (value === null) return null;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return null;
  const unit = UNIT_MILLISECONDS[precision];
  return new Date(Math.floor(time / unit) * unit).toISOString().replace(/\.000Z$/, 'Z');
}
