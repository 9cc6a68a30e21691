/**
 * The BPE counter's packed tables stored as a file, so a process reads ~8 MB of typed arrays
 * instead of loading gpt-tokenizer's 2.4 MB rank module and packing it (~0.3 CPU-s and tens of MB
 * per thread). `npm run build` writes them beside the compiled code (write-derived-tables.ts). A
 * file is used only when its identity matches: the format, the encoding, gpt-tokenizer's version
 * and a hash of the counter module that packs and reads the tables, so a change to either falls
 * back to packing in memory instead of reading tables laid out by other code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PackedRanks } from '../pipeline/data-packages.ts';

const FORMAT = 1;
const ALIGNMENT = 8;

type ArrayName = keyof PackedRanks;
const ARRAYS: ReadonlyArray<readonly [ArrayName, 'u8' | 'i32']> = [
  ['keyBytes', 'u8'],
  ['keyStarts', 'i32'],
  ['entryRanks', 'i32'],
  ['entryIsText', 'u8'],
  ['slots', 'i32'],
  ['pairRanks', 'i32'],
  ['shortLow', 'i32'],
  ['shortHigh', 'i32'],
  ['shortRank', 'i32'],
];

export type BytePairEncoding = 'o200k_base' | 'cl100k_base';

/** The identity a stored file must carry to be read by this code. */
export function bytePairTableIdentity(encoding: BytePairEncoding): string {
  const require = createRequire(import.meta.url);
  const { version } = require('gpt-tokenizer/package.json') as { version: string };
  // The compiled counter beside the compiled provider, or the source beside the source.
  const extension = import.meta.url.endsWith('.js') ? 'js' : 'ts';
  const counter = readFileSync(new URL(`../pipeline/tokens/byte-pair-counter.${extension}`, import.meta.url));
  return JSON.stringify({ format: FORMAT, encoding, gptTokenizer: version, counter: createHash('sha256').update(counter).digest('hex') });
}

const padded = (length: number): number => Math.ceil(length / ALIGNMENT) * ALIGNMENT;

/** One line of JSON (identity and array lengths), then each array at an 8-byte boundary. */
export function encodePackedRanks(packed: PackedRanks, identity: string): Buffer {
  const lengths = ARRAYS.map(([name]) => packed[name].length);
  const header = Buffer.from(`${JSON.stringify({ identity, lengths })}\n`, 'utf8');
  let offset = padded(header.length);
  const parts: Array<{ offset: number; bytes: Uint8Array }> = [];
  for (const [name] of ARRAYS) {
    const array = packed[name];
    parts.push({ offset, bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });
    offset = padded(offset + array.byteLength);
  }
  const file = Buffer.alloc(offset);
  header.copy(file, 0);
  for (const part of parts) file.set(part.bytes, part.offset);
  return file;
}

/** The tables of a stored file, or null when it was written for another identity or is cut short. */
export function decodePackedRanks(file: Buffer, identity: string): PackedRanks | null {
  const newline = file.indexOf(10);
  if (newline === -1) return null;
  let header: { identity?: unknown; lengths?: unknown };
  try {
    header = JSON.parse(file.toString('utf8', 0, newline)) as typeof header;
  } catch {
    return null;
  }
  const lengths = header.lengths;
  if (header.identity !== identity || !Array.isArray(lengths) || lengths.length !== ARRAYS.length) return null;
  let offset = padded(newline + 1);
  const arrays: Partial<Record<ArrayName, Uint8Array | Int32Array>> = {};
  for (const [index, [name, type]] of ARRAYS.entries()) {
    const length = lengths[index] as unknown;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return null;
    const byteLength = type === 'u8' ? length : length * 4;
    if (offset + byteLength > file.length) return null;
    const start = file.byteOffset + offset;
    // Views share the file's memory; an Int32Array needs a 4-byte aligned start, else a copy.
    if (type === 'u8') arrays[name] = new Uint8Array(file.buffer, start, length);
    else arrays[name] = start % 4 === 0 ? new Int32Array(file.buffer, start, length) : new Int32Array(file.buffer.slice(start, start + byteLength));
    offset = padded(offset + byteLength);
  }
  return arrays as PackedRanks;
}

/** Where the build stores an encoding's tables: dist/derived/ beside dist/resources/. */
export function storedTablePath(encoding: BytePairEncoding): URL {
  return new URL(`../derived/bpe-${encoding}.bin`, import.meta.url);
}

export function readStoredPackedRanks(encoding: BytePairEncoding): PackedRanks | null {
  let file: Buffer;
  try {
    file = readFileSync(storedTablePath(encoding));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return decodePackedRanks(file, bytePairTableIdentity(encoding));
}
