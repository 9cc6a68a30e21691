/**
 * How an index keeps a whole release record beside its search columns: deflated JSON, plus a
 * fingerprint of the JSON so re-adding an unchanged conversation is a no-op. Shared by every
 * adapter so both store the same bytes.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import type { ReleaseRecord } from '../schema/release-record.ts';

const DEFLATE: ZlibOptions = { level: 1 };
const deflateInPool = promisify(deflateRaw);

function fingerprintOf(json: Buffer | string): string {
  return createHash('sha1').update(json).digest('base64url');
}

export function compressRecord(record: ReleaseRecord): { blob: Buffer; fingerprint: string } {
  const json = JSON.stringify(record);
  return { blob: deflateRawSync(json, DEFLATE), fingerprint: fingerprintOf(json) };
}

/**
 * The same bytes as compressRecord in two steps: the fingerprint at once (it decides whether the
 * record is stored at all), then the deflate (half of the cost) on libuv's thread pool, so the
 * caller's thread can write the search columns while the blob is being made.
 */
export function fingerprintRecord(record: ReleaseRecord): { fingerprint: string; deflate: () => Promise<Buffer> } {
  // Encoded to UTF-8 once for both (a string would be encoded by each).
  const json = Buffer.from(JSON.stringify(record));
  return { fingerprint: fingerprintOf(json), deflate: () => deflateInPool(json, DEFLATE) };
}

export function decompressRecord(blob: Buffer): ReleaseRecord {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as ReleaseRecord;
}
