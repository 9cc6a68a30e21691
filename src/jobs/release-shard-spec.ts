/**
 * What a worker process needs to run any shard of a sharded release, as stored with the run in
 * PostgreSQL, and the codecs of the per-shard blobs (gzip'd JSON; dedup signatures as base64).
 * Everything read back is parsed (zod) before use: a blob from another version or a damaged row
 * is a clear error, never a wrong release.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { ShardAnnotation, ShardRowPlan, ShardVariantCounts } from '../release/shard-passes.ts';
import type { VariantName } from '../release/release-filters.ts';
import type { ReleaseCommandConfig } from '../settings/resolve-release-config.ts';
import type { ConversationCursor } from '../store/store.ts';
import type { JailbreakTemplatesFile } from './release-runtime.ts';

export const SHARD_SPEC_VERSION = 1;

export interface ReleaseShard {
  /** Start after this conversation (null: from the first). */
  after: ConversationCursor | null;
  /** Conversations in the shard (null: to the end, for the last shard). */
  limit: number | null;
}

export interface ReleaseShardSpec {
  version: typeof SHARD_SPEC_VERSION;
  /** The release's settings; `output.databaseUrl` is removed (each worker has its own). */
  config: ReleaseCommandConfig;
  templates: JailbreakTemplatesFile;
  /** The annotation cache's key (hex), so every worker reads and writes the same entries. */
  cacheKey: string;
  now: number;
  shards: ReleaseShard[];
}

const cursor = z.object({ createdAt: z.number(), id: z.string() });
const specSchema = z.object({
  version: z.literal(SHARD_SPEC_VERSION),
  config: z.custom<ReleaseCommandConfig>((value) => typeof value === 'object' && value !== null && 'output' in value && 'variants' in value),
  templates: z.object({ templates: z.array(z.custom<NonNullable<JailbreakTemplatesFile['templates']>[number]>()).nullable(), sha256: z.string().nullable() }),
  cacheKey: z.string().regex(/^[0-9a-f]{64}$/),
  now: z.number(),
  shards: z.array(z.object({ after: cursor.nullable(), limit: z.number().int().positive().nullable() })).min(1),
});

export function encodeSpec(spec: ReleaseShardSpec): string {
  return JSON.stringify(spec);
}

export function decodeSpec(text: string): ReleaseShardSpec {
  const parsed = specSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`sharded release spec is not valid (${parsed.error.issues[0]?.path.join('.') ?? 'shape'})`);
  return parsed.data as ReleaseShardSpec;
}

function pack(value: unknown): Buffer {
  return gzipSync(JSON.stringify(value), { level: 1 });
}

function unpack(data: Buffer): unknown {
  return JSON.parse(gunzipSync(data).toString('utf8'));
}

const rowDuplicates = z.object({ cluster: z.string(), clusterSize: z.number().int(), exact: z.boolean() });
const counters = z.object({
  stage: z.string(),
  version: z.string(),
  messages: z.number(),
  computed: z.number(),
  cached: z.number(),
  milliseconds: z.number(),
  off: z.boolean().optional(),
});
const annotationSchema = z.object({
  keys: z.array(z.string()),
  conversations: z.array(z.string()),
  status: z.array(z.number().int()),
  toxic: z.array(z.number().int()),
  signatures: z.string(),
  frequency: z.array(z.tuple([z.string(), z.number().int()])),
  located: z.array(z.tuple([z.string(), z.string().nullable(), z.string().nullable(), z.string().nullable()])),
  maxTurnIdentifier: z.number().nullable(),
  lastActivity: z.number().nullable(),
  statistics: z.array(counters),
  turnStatus: z.record(z.string(), z.record(z.string(), z.number())).nullable(),
});

export function encodeAnnotation(annotation: ShardAnnotation): Buffer {
  return pack({
    ...annotation,
    signatures: Buffer.from(annotation.signatures.buffer, annotation.signatures.byteOffset, annotation.signatures.length).toString('base64'),
  });
}

export function decodeAnnotation(data: Buffer): ShardAnnotation {
  const parsed = annotationSchema.parse(unpack(data));
  // A fresh copy: word-aligned for the signatures' Uint32Array views.
  return { ...parsed, turnStatus: parsed.turnStatus as ShardAnnotation['turnStatus'], signatures: new Uint8Array(Buffer.from(parsed.signatures, 'base64')) };
}

const rowPlanSchema = z.array(z.object({ key: z.string(), variants: z.number().int(), conversation: rowDuplicates, firstTurn: rowDuplicates }));

export function encodeRowPlans(plans: readonly ShardRowPlan[]): Buffer {
  return pack(plans);
}

export function decodeRowPlans(data: Buffer): ShardRowPlan[] {
  return rowPlanSchema.parse(unpack(data));
}

export function encodeFrequency(frequency: readonly [string, number][]): Buffer {
  return pack(frequency);
}

export function decodeFrequency(data: Buffer): Map<string, number> {
  return new Map(z.array(z.tuple([z.string(), z.number().int()])).parse(unpack(data)));
}

/** A shard's pass-2 output: per variant its records (JSON.stringify of each, read back whole by the merge), and its counts. */
export interface ShardPart {
  lines: Partial<Record<VariantName, string[]>>;
  counts: Partial<Record<VariantName, ShardVariantCounts>>;
}

const countsSchema = z.object({
  rows: z.number().int(),
  toxicRows: z.number().int(),
  redactedRows: z.number().int(),
  jailbreakTaggedRows: z.number().int(),
  jailbreakSucceededRows: z.number().int(),
  users: z.array(z.string()),
});
const partSchema = z.object({ lines: z.record(z.string(), z.array(z.string())), counts: z.record(z.string(), countsSchema) });

export function encodePart(part: ShardPart): Buffer {
  return pack(part);
}

export function decodePart(data: Buffer): ShardPart {
  return partSchema.parse(unpack(data)) as ShardPart;
}
