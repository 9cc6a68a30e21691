/**
 * Privacy contracts used by the server: the raw client IP enters here and only a keyed hash and a
 * coarse location leave. Nothing in this folder logs or stores the raw IP.
 */
export interface IpHasher {
  /** HMAC-SHA256 of the IP with the current secret key, hex. */
  hash(ip: string): { hashedIp: string; keyId: string };
}

export interface GeoLocation {
  country: string | null;
  state: string | null;
}

export interface GeoLocator {
  locate(ip: string): GeoLocation;
  /** Human-readable source, for the README/dataset card attribution. */
  readonly source: string;
}
