/**
 * The binary form of an embedding map, as the explorer sends it to the browser: a JSON header
 * (datasets, category names, the cluster tree) followed by typed arrays, 11 bytes a point instead
 * of a JSON object each. Little-endian; every array starts 4-byte aligned.
 *
 *   "WCMAP001" · uint32 header length · header JSON (space-padded) ·
 *   float32 x,y per point · uint16 cluster per point (padded) · uint8 dataset, language, model, toxic per point
 */
import { z } from 'zod';

const MAGIC = 'WCMAP001';
export const NO_CLUSTER = 0xffff;
/** toxic byte values. */
export const TOXIC_FALSE = 0;
export const TOXIC_TRUE = 1;
export const TOXIC_UNKNOWN = 2;
/** At most this many named categories per field; the rest share the last name, "other". */
export const MAX_CATEGORIES = 255;

const mapClusterSchema = z.object({
  id: z.number().int(),
  level: z.union([z.literal(1), z.literal(2)]),
  /** The top-level cluster a fine cluster belongs to (null at the top). */
  parent: z.number().int().nullable(),
  /** null: no term passed the privacy gate. */
  label: z.string().nullable(),
  conversations: z.number().int(),
  users: z.number().int(),
});

export const mapHeaderSchema = z.object({
  format: z.literal(1),
  name: z.string(),
  points: z.number().int().nonnegative(),
  embeddingVersion: z.string(),
  textRule: z.string(),
  k: z.number().int().positive(),
  datasets: z.array(z.object({ name: z.string(), points: z.number().int(), hasUsers: z.boolean() })),
  languages: z.array(z.string()),
  models: z.array(z.string()),
  /** Fine clusters (level 2, indexed by the per-point cluster value) and their parents (level 1). */
  clusters: z.array(mapClusterSchema),
  /** Points in no cluster (their would-be clusters failed the gate and nothing passed). */
  unclustered: z.number().int(),
  labelSource: z.string(),
  createdAt: z.number(),
});

export type MapHeader = z.infer<typeof mapHeaderSchema>;
export type MapCluster = z.infer<typeof mapClusterSchema>;

export interface MapArrays {
  /** Interleaved x, y in [0, 1]. */
  positions: Float32Array;
  cluster: Uint16Array;
  dataset: Uint8Array;
  language: Uint8Array;
  model: Uint8Array;
  toxic: Uint8Array;
}

export interface MapData extends MapArrays {
  header: MapHeader;
}

const align = (value: number): number => Math.ceil(value / 4) * 4;

export function encodeMapData(data: MapData): Uint8Array {
  const n = data.header.points;
  let headerText = JSON.stringify(data.header);
  const headerBytes = new TextEncoder().encode(headerText);
  const headerLength = align(headerBytes.length + 12) - 12;
  headerText += ' '.repeat(headerLength - headerBytes.length);
  const start = 12 + headerLength;
  const clusterStart = start + n * 8;
  const byteStart = clusterStart + align(n * 2);
  const total = byteStart + n * 4;
  const output = new Uint8Array(total);
  output.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(output.buffer).setUint32(8, headerLength, true);
  output.set(new TextEncoder().encode(headerText), 12);
  new Float32Array(output.buffer, start, n * 2).set(data.positions);
  new Uint16Array(output.buffer, clusterStart, n).set(data.cluster);
  output.set(data.dataset, byteStart);
  output.set(data.language, byteStart + n);
  output.set(data.model, byteStart + 2 * n);
  output.set(data.toxic, byteStart + 3 * n);
  return output;
}

export class MapDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MapDataError';
  }
}

/** Views into `bytes` (no copy); `bytes` must start 4-byte aligned in its buffer. */
export function decodeMapData(bytes: Uint8Array): MapData {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new MapDataError('not a wildchat map (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new MapDataError('map header runs past the end');
  const parsed = mapHeaderSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))));
  if (!parsed.success) throw new MapDataError(`map header is malformed: ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
  const header = parsed.data;
  const n = header.points;
  const start = bytes.byteOffset + 12 + headerLength;
  const clusterStart = start + n * 8;
  const byteStart = clusterStart + align(n * 2);
  if (byteStart + n * 4 > bytes.byteOffset + bytes.length) throw new MapDataError(`map holds fewer bytes than its ${n} points need`);
  return {
    header,
    positions: new Float32Array(bytes.buffer, start, n * 2),
    cluster: new Uint16Array(bytes.buffer, clusterStart, n),
    dataset: new Uint8Array(bytes.buffer, byteStart, n),
    language: new Uint8Array(bytes.buffer, byteStart + n, n),
    model: new Uint8Array(bytes.buffer, byteStart + 2 * n, n),
    toxic: new Uint8Array(bytes.buffer, byteStart + 3 * n, n),
  };
}
