import { z } from 'zod';
import type { GeoLocation } from './privacy.ts';

/** DB-IP Lite via ip-location-db: flat record with an ISO country code and the region name. */
const dbipRecordSchema = z.object({
  country_code: z.string(),
  state1: z.string().optional(),
});

const namesSchema = z.object({ en: z.string().optional() }).partial().passthrough();

/** MaxMind GeoIP2/GeoLite2 City: nested records with localised names. */
const maxmindRecordSchema = z.object({
  country: z.object({ iso_code: z.string().optional(), names: namesSchema.optional() }).optional(),
  subdivisions: z.array(z.object({ names: namesSchema.optional() })).optional(),
});

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * Maps a database record (either layout) to English names, matching WildChat's `country`/`state`
 * columns, which came from GeoLite2's English names. Null when the record has no usable value.
 */
export function geoLocationFromRecord(record: unknown): GeoLocation {
  if (record === null || record === undefined) return { country: null, state: null };

  const dbip = dbipRecordSchema.safeParse(record);
  if (dbip.success) {
    return { country: countryNameFromCode(dbip.data.country_code), state: nonEmpty(dbip.data.state1) };
  }

  const maxmindRecord = maxmindRecordSchema.safeParse(record);
  if (!maxmindRecord.success) return { country: null, state: null };
  const country = maxmindRecord.data.country;
  // subdivisions[0] is the largest subdivision (e.g. England, California), as DB-IP's state1 is.
  const firstSubdivision = maxmindRecord.data.subdivisions?.[0];
  return {
    country: nonEmpty(country?.names?.en) ?? countryNameFromCode(country?.iso_code),
    state: nonEmpty(firstSubdivision?.names?.en),
  };
}

/** 'US' → 'United States'; null for missing codes, DB-IP's 'ZZ' (unknown) and codes Intl does not know. */
export function countryNameFromCode(code: string | undefined): string | null {
  if (code === undefined || !/^[A-Za-z]{2}$/.test(code) || code.toUpperCase() === 'ZZ') return null;
  try {
    return nonEmpty(regionNames.of(code.toUpperCase()));
  } catch {
    return null;
  }
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed.length === 0 ? null : trimmed;
}
