/**
 * Test support: writes a tiny MaxMind DB (MMDB v2) file with one IPv4 prefix, so the GeoLite2 code
 * path can be tested with the real reader without shipping MaxMind's database (its licence forbids
 * that). Written from the MaxMind DB format specification; supports maps, strings, arrays and uints.
 */
type MmdbValue = string | number | MmdbValue[] | { [key: string]: MmdbValue };

const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com', 'ascii')]);

/** An IPv4-only database where every address of `prefix` (e.g. '81.0.0.0/8') maps to `record`. */
export function buildTestMmdb(prefix: string, record: Record<string, MmdbValue>, databaseType = 'GeoLite2-City'): Buffer {
  const [address, lengthText] = prefix.split('/');
  const prefixLength = Number(lengthText);
  const octets = (address ?? '').split('.').map(Number);
  if (octets.length !== 4 || !Number.isInteger(prefixLength) || prefixLength < 1 || prefixLength > 32) {
    throw new Error(`bad prefix ${prefix}`);
  }
  const bits = octets.flatMap((octet) => Array.from({ length: 8 }, (_, index) => (octet >> (7 - index)) & 1));

  // One node per prefix bit: the matching branch leads on (or to the data), the other is empty.
  const nodeCount = prefixLength;
  const dataPointer = nodeCount + 16; // data section offset 0, as a record value
  const tree = Buffer.alloc(nodeCount * 6);
  for (let node = 0; node < nodeCount; node += 1) {
    const onward = node === nodeCount - 1 ? dataPointer : node + 1;
    const left = bits[node] === 0 ? onward : nodeCount;
    const right = bits[node] === 1 ? onward : nodeCount;
    tree.writeUIntBE(left, node * 6, 3);
    tree.writeUIntBE(right, node * 6 + 3, 3);
  }

  const metadata = encode({
    node_count: { uint32: nodeCount },
    record_size: { uint16: 24 },
    ip_version: { uint16: 4 },
    database_type: databaseType,
    languages: ['en'],
    binary_format_major_version: { uint16: 2 },
    binary_format_minor_version: { uint16: 0 },
    build_epoch: { uint64: Date.UTC(2026, 0, 1) / 1000 },
    description: { en: 'wildchat test database' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), encode(record), METADATA_MARKER, metadata]);
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([controlBytes(2, bytes.length), bytes]);
  }
  if (typeof value === 'number') return encodeUnsigned(6, value);
  if (Array.isArray(value)) return Buffer.concat([controlBytes(11, value.length), ...value.map(encode)]);
  const sized = explicitUnsigned(value);
  if (sized !== null) return sized;
  const entries = Object.entries(value);
  return Buffer.concat([controlBytes(7, entries.length), ...entries.flatMap(([key, item]) => [encode(key), encode(item)])]);
}

/** `{ uint16: n }`, `{ uint32: n }`, `{ uint64: n }` pick the integer type the metadata needs. */
function explicitUnsigned(value: { [key: string]: MmdbValue }): Buffer | null {
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const type = { uint16: 5, uint32: 6, uint64: 9 }[keys[0] ?? ''];
  const number = Object.values(value)[0];
  return type === undefined || typeof number !== 'number' ? null : encodeUnsigned(type, number);
}

function encodeUnsigned(type: number, value: number): Buffer {
  let hex = value.toString(16);
  if (hex === '0') hex = '';
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([controlBytes(type, bytes.length), bytes]);
}

/** Type in the top three bits (extended types in a second byte), size in the low five bits. */
function controlBytes(type: number, size: number): Buffer {
  if (size >= 29) throw new Error('test writer supports only small values');
  return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]);
}
