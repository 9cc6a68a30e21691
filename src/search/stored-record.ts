/**
 * How an index keeps a whole release record beside its search columns: Brotli-compressed JSON,
 * plus a fingerprint of the JSON so re-adding an unchanged conversation is a no-op. Shared by
 * every adapter so both store the same bytes.
 *
 * Why Brotli at quality 1 and not deflate at level 1: on these records (≈ 15 KB of JSON, most of
 * it moderation scores) it took ≈ 150 µs a record against ≈ 290 µs, the largest single cost of
 * an index build after FTS5 itself, for blobs 42 % of the JSON instead of 39 %, and it
 * decompresses as fast (bench/RESULTS.md, "Brotli records"). Changing this format changes the
 * stored bytes: both adapters' layout versions must change with it.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { ReleaseRecord } from '../schema/release-record.ts';

const QUALITY = 1;

export function compressRecord(record: ReleaseRecord): { blob: Buffer; fingerprint: string } {
  const json = Buffer.from(JSON.stringify(record));
  const blob = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
  return { blob, fingerprint: createHash('sha1').update(json).digest('base64url') };
}

export function decompressRecord(blob: Buffer): ReleaseRecord {
  return JSON.parse(brotliDecompressSync(blob).toString('utf8')) as ReleaseRecord;
}
