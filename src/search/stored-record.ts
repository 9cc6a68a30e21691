/**
 * How an index keeps a whole release record beside its search columns: deflated JSON, plus a
 * fingerprint of the JSON so re-adding an unchanged conversation is a no-op. Shared by every
 * adapter so both store the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ReleaseRecord } from '../schema/release-record.ts';

export function compressRecord(record: ReleaseRecord): { blob: Buffer; fingerprint: string } {
  const json = JSON.stringify(record);
  return { blob: deflateRawSync(json, { level: 1 }), fingerprint: createHash('sha1').update(json).digest('base64url') };
}

export function decompressRecord(blob: Buffer): ReleaseRecord {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as ReleaseRecord;
}
