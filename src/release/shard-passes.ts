/**
 * The release passes of src/release/release-passes.ts cut at the shard boundary, for a release
 * spread over many processes: each shard's pass 1 (filters, message stages through the cache,
 * safety, dedup signatures, PII frequency counts) runs apart; one global pass adds every shard's
 * compact signatures in input order, so duplicates are found across shards exactly as in one
 * process; then each shard's pass 2 assembles its kept rows with the global clusters and
 * frequency table. Same rows, same order, same decisions: the records equal a one-process run's.
 *
 * Pure like release-passes.ts: rows come in, annotations go through the injected cache.
 */
import { createHash } from 'node:crypto';
import type { XXHashAPI } from 'xxhash-wasm';
import { candidateKey } from '../pipeline/pii/candidate-key.ts';
import type { AnnotationCachePort } from '../pipeline/runner/annotation-cache-port.ts';
import { assembleRecord, rowSafety } from '../pipeline/runner/assemble-record.ts';
import { DedupTracker, type RowDuplicates } from '../pipeline/runner/dedup-tracker.ts';
import { KeyHashTable } from '../pipeline/runner/key-hash-table.ts';
import { rowMessages, type PipelineRow } from '../pipeline/runner/pipeline-row.ts';
import type { PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import { annotateMessages } from '../pipeline/runner/row-annotations.ts';
import { StageStatistics, type StageCounters } from '../pipeline/runner/stage-statistics.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { userAgentFamily } from './anonymise/anonymise-record.ts';
import type { TurnStatusCounts } from './turn-status-policy.ts';
import { firstFailingFilter, RELEASE_FILTER_NAMES, variantAccepts, type ReleaseFilterOptions, type VariantName } from './release-filters.ts';
import type { DedupSettings, PipelineReport } from './release-passes.ts';
import { emptyVariantReport, variantSteps, type VariantReport } from './variant-report.ts';

/** Status of a row that passed every pass-1 filter (as in release-passes.ts). */
export const SHARD_PASSED = 255;
/** As in release-passes.ts: PII candidate keys are counted by their first 64 bits. */
const FREQUENCY_KEY_CHARACTERS = 16;

/** What pass 1 learns about one shard: small per row, no text. */
export interface ShardAnnotation {
  keys: string[];
  /** Per row: its conversation id (the row key when it has none), for the input snapshot. */
  conversations: string[];
  /** Per row: SHARD_PASSED or the index of the filter that dropped it in RELEASE_FILTER_NAMES. */
  status: number[];
  /** Per indexed row (status SHARD_PASSED): 1 when any message is toxic. */
  toxic: number[];
  /** Per indexed row, back to back: its DedupTracker compact signature. */
  signatures: Uint8Array;
  /** PII candidate key prefix -> rows of this shard that contain it. */
  frequency: [string, number][];
  /**
   * Distinct (user, country, state, browser family) of the user messages of rows the filters let
   * in, for the anonymised profile's location k-anonymity (release-anonymiser.ts counts the same).
   */
  located: [string, string | null, string | null, string | null][];
  maxTurnIdentifier: number | null;
  lastActivity: number | null;
  statistics: StageCounters[];
  /** The turn status policy's counts over this shard's rows (null without a policy). */
  turnStatus: TurnStatusCounts | null;
}

export interface AnnotateShardOptions {
  source: 'collected' | 'imported';
  rows: AsyncIterable<readonly PipelineRow[]>;
  stages: PipelineStages;
  cache: AnnotationCachePort;
  filters: ReleaseFilterOptions;
  hasher: XXHashAPI;
  /** The counts the turn status policy made while the rows were read, once they all were. */
  turnStatus?: () => TurnStatusCounts | null;
}

export async function annotateShard(options: AnnotateShardOptions): Promise<ShardAnnotation> {
  const { stages, cache, filters, source } = options;
  const statistics = new StageStatistics();
  const tracker = new DedupTracker(options.hasher);
  const signatureBytes = tracker.signatureBytes;
  const located = new Map<string, [string, string | null, string | null, string | null]>();
  const result: Omit<ShardAnnotation, 'signatures' | 'frequency' | 'statistics' | 'located' | 'turnStatus'> = {
    keys: [],
    conversations: [],
    status: [],
    toxic: [],
    maxTurnIdentifier: null,
    lastActivity: null,
  };
  const signatures: Uint8Array[] = [];
  const frequency = new Map<string, number>();
  for await (const batch of options.rows) {
    const pending: { row: PipelineRow; ordinal: number }[] = [];
    for (const row of batch) {
      const ordinal = result.status.length;
      result.keys.push(row.key);
      result.conversations.push(row.record.conversation_id ?? row.key);
      for (const message of row.record.conversation) {
        if (message.turn_identifier !== null) result.maxTurnIdentifier = Math.max(result.maxTurnIdentifier ?? 0, message.turn_identifier);
      }
      if (row.facts.lastActivityAt > 0) result.lastActivity = Math.max(result.lastActivity ?? 0, row.facts.lastActivityAt);
      const failing = firstFailingFilter({ ...row.facts, sexualMinors: false, toxic: false }, filters, source);
      result.status.push(failing === null ? SHARD_PASSED : RELEASE_FILTER_NAMES.indexOf(failing));
      if (failing === null) pending.push({ row, ordinal });
      if (failing !== null || row.record.source !== 'collected') continue;
      for (const message of row.record.conversation) {
        if (message.role !== 'user' || message.hashed_ip === null) continue;
        const entry: [string, string | null, string | null, string | null] = [
          message.hashed_ip,
          message.country,
          message.state,
          userAgentFamily(message.header),
        ];
        located.set(JSON.stringify(entry), entry);
      }
    }
    const messages = pending.map(({ row }) => rowMessages(row.record));
    const annotations = await annotateMessages(messages, stages, cache, statistics);
    pending.forEach(({ row, ordinal }, index) => {
      const rowAnnotations = annotations[index] ?? [];
      const safety = rowSafety(row.record, rowAnnotations, stages.detoxifyThreshold);
      if (safety.sexualMinors) {
        result.status[ordinal] = RELEASE_FILTER_NAMES.indexOf('sexual_minors');
        return;
      }
      const signature = new Uint8Array(signatureBytes);
      tracker.signatureInto(messages[index] ?? [], signature);
      signatures.push(signature);
      result.toxic.push(safety.anyToxic ? 1 : 0);
      const keys = new Set<string>();
      row.record.conversation.forEach((message, messageIndex) => {
        for (const span of rowAnnotations[messageIndex]?.piiSpans ?? []) {
          if (stages.piiPolicies[span.entity] === 'keep') continue;
          keys.add(candidateKey(span.entity, message.content.slice(span.start, span.end)).slice(0, FREQUENCY_KEY_CHARACTERS));
        }
      });
      for (const key of keys) frequency.set(key, (frequency.get(key) ?? 0) + 1);
    });
  }
  const packed = new Uint8Array(signatures.length * signatureBytes);
  signatures.forEach((signature, index) => packed.set(signature, index * signatureBytes));
  return {
    ...result,
    signatures: packed,
    frequency: [...frequency],
    located: [...located.values()],
    statistics: statistics.list(),
    turnStatus: options.turnStatus?.() ?? null,
  };
}

/** One kept row of a shard as pass 2 needs it: which variants keep it and its clusters. */
export interface ShardRowPlan {
  key: string;
  /** Bit i set: variants[i] keeps the row. */
  variants: number;
  conversation: RowDuplicates;
  firstTurn: RowDuplicates;
}

/** Everything the shards' pass 2 and the final report need, decided once for the whole input. */
export interface ShardedReleasePlan {
  variants: VariantName[];
  /** Per shard, in input order. */
  shards: ShardRowPlan[][];
  frequency: [string, number][];
  rows: number;
  rowKeysDigest: string;
  /** Reports with the filter steps filled in; pass 2 adds the row counts. */
  reports: Partial<Record<VariantName, VariantReport>>;
  conversations: number;
  maxTurnIdentifier: number | null;
  lastActivity: number | null;
  statistics: StageCounters[];
}

/**
 * The global pass between the two: takes every shard's annotation in input order (one at a time,
 * so only the compact signatures accumulate), then clusters and selects as release-passes.ts does.
 */
export class ShardedReleasePlanner {
  private readonly dedup: DedupTracker;
  private readonly conversations: KeyHashTable;
  private readonly status: number[] = [];
  private readonly toxicByPosition: number[] = [];
  /** Per shard: its indexed rows' keys and dedup positions. */
  private readonly indexed: { keys: string[]; positions: number[] }[] = [];
  private readonly frequency = new Map<string, number>();
  private readonly statistics = new Map<string, StageCounters>();
  private readonly keysDigest = createHash('sha256');
  private readonly seenKeys: KeyHashTable;
  private maxTurnIdentifier: number | null = null;
  private lastActivity: number | null = null;

  constructor(
    hasher: XXHashAPI,
    private readonly options: { source: 'collected' | 'imported'; variants: readonly VariantName[]; dedup: DedupSettings },
  ) {
    this.dedup = new DedupTracker(hasher);
    this.conversations = new KeyHashTable(hasher);
    this.seenKeys = new KeyHashTable(hasher);
  }

  add(annotation: ShardAnnotation): void {
    const size = this.dedup.signatureBytes;
    if (annotation.signatures.length !== annotation.toxic.length * size) throw new Error('shard annotation: signatures and rows disagree');
    const shard = { keys: [] as string[], positions: [] as number[] };
    let indexed = 0;
    annotation.keys.forEach((key, index) => {
      if (!this.seenKeys.setIfAbsent(key, 0)) throw new Error(`row key ${key} appears twice in the input`);
      this.keysDigest.update(key).update('\n');
      this.conversations.setIfAbsent(annotation.conversations[index] ?? key, 0);
      const status = annotation.status[index] as number;
      this.status.push(status);
      if (status !== SHARD_PASSED) return;
      shard.keys.push(key);
      shard.positions.push(this.dedup.addSignature(annotation.signatures.subarray(indexed * size, (indexed + 1) * size)));
      this.toxicByPosition.push(annotation.toxic[indexed] as number);
      indexed += 1;
    });
    if (indexed !== annotation.toxic.length) throw new Error('shard annotation: statuses and indexed rows disagree');
    this.indexed.push(shard);
    for (const [key, count] of annotation.frequency) this.frequency.set(key, (this.frequency.get(key) ?? 0) + count);
    if (annotation.maxTurnIdentifier !== null) this.maxTurnIdentifier = Math.max(this.maxTurnIdentifier ?? 0, annotation.maxTurnIdentifier);
    if (annotation.lastActivity !== null) this.lastActivity = Math.max(this.lastActivity ?? 0, annotation.lastActivity);
    for (const counters of annotation.statistics) {
      const total = this.statistics.get(counters.stage);
      if (total === undefined) this.statistics.set(counters.stage, { ...counters });
      else {
        total.messages += counters.messages;
        total.computed += counters.computed;
        total.cached += counters.cached;
        total.milliseconds += counters.milliseconds;
      }
    }
  }

  finish(): ShardedReleasePlan {
    const { variants, dedup: settings, source } = this.options;
    this.dedup.finish();
    const kept = variants.map((variant) =>
      this.dedup.selectKept(settings.policy, settings.level, settings.text, (position) =>
        variantAccepts(variant, { toxic: this.toxicByPosition[position] === 1 }),
      ),
    );
    const reports: Partial<Record<VariantName, VariantReport>> = {};
    variants.forEach((variant, index) => {
      reports[variant] = emptyVariantReport(variantSteps(variant, this.status, SHARD_PASSED, this.toxicByPosition, kept[index] as Uint8Array, source));
    });
    const shards = this.indexed.map(({ keys, positions }) => {
      const plans: ShardRowPlan[] = [];
      positions.forEach((position, index) => {
        let mask = 0;
        kept.forEach((selected, variant) => {
          if (selected[position] === 1) mask |= 1 << variant;
        });
        if (mask === 0) return;
        plans.push({
          key: keys[index] as string,
          variants: mask,
          conversation: this.dedup.duplicates(position, 'conversation'),
          firstTurn: this.dedup.duplicates(position, 'first-user-turn'),
        });
      });
      return plans;
    });
    return {
      variants: [...variants],
      shards,
      frequency: [...this.frequency],
      rows: this.status.length,
      rowKeysDigest: this.keysDigest.digest('hex'),
      reports,
      conversations: this.conversations.size,
      maxTurnIdentifier: this.maxTurnIdentifier,
      lastActivity: this.lastActivity,
      statistics: [...this.statistics.values()],
    };
  }
}

/** Pass 2's counts of one shard and variant (release-passes.ts counts the same per record). */
export interface ShardVariantCounts {
  rows: number;
  toxicRows: number;
  redactedRows: number;
  jailbreakTaggedRows: number;
  jailbreakSucceededRows: number;
  /** Distinct hashed IPs among the shard's rows of this variant. */
  users: string[];
}

export interface ShardAssembly {
  records: Partial<Record<VariantName, ReleaseRecord[]>>;
  counts: Partial<Record<VariantName, ShardVariantCounts>>;
}

export interface AssembleShardOptions {
  rows: AsyncIterable<readonly PipelineRow[]>;
  /** This shard's kept rows (ShardedReleasePlan.shards[i]). */
  plan: readonly ShardRowPlan[];
  variants: readonly VariantName[];
  /** The global PII frequency table (ShardedReleasePlan.frequency). */
  frequency: ReadonlyMap<string, number>;
  stages: PipelineStages;
  cache: AnnotationCachePort;
}

export async function assembleShard(options: AssembleShardOptions): Promise<ShardAssembly> {
  const { stages, cache, variants } = options;
  const byKey = new Map(options.plan.map((row) => [row.key, row]));
  const records: Partial<Record<VariantName, ReleaseRecord[]>> = {};
  const counts: Partial<Record<VariantName, ShardVariantCounts>> = {};
  const users = new Map<VariantName, Set<string>>();
  for (const variant of variants) {
    records[variant] = [];
    counts[variant] = { rows: 0, toxicRows: 0, redactedRows: 0, jailbreakTaggedRows: 0, jailbreakSucceededRows: 0, users: [] };
    users.set(variant, new Set());
  }
  const context = { stages, frequency: (key: string) => options.frequency.get(key.slice(0, FREQUENCY_KEY_CHARACTERS)) ?? 0 };
  for await (const batch of options.rows) {
    // Rows not in the plan were dropped in pass 1, or are new since (ignored, as in one process).
    const selected = batch.flatMap((row) => {
      const plan = byKey.get(row.key);
      return plan === undefined ? [] : [{ row, plan }];
    });
    const annotations = await annotateMessages(
      selected.map(({ row }) => rowMessages(row.record)),
      stages,
      cache,
      new StageStatistics(),
    );
    selected.forEach(({ row, plan }, index) => {
      const record = assembleRecord(row.record, annotations[index] ?? [], { conversation: plan.conversation, firstTurn: plan.firstTurn }, context);
      variants.forEach((variant, bit) => {
        if ((plan.variants & (1 << bit)) === 0) return;
        (records[variant] as ReleaseRecord[]).push(record);
        const count = counts[variant] as ShardVariantCounts;
        count.rows += 1;
        if (record.toxic === true) count.toxicRows += 1;
        if (record.redacted === true) count.redactedRows += 1;
        if (record.annotations?.jailbreak_tagged === true) count.jailbreakTaggedRows += 1;
        if (record.annotations?.jailbreak_succeeded === true) count.jailbreakSucceededRows += 1;
        if (record.hashed_ip !== null) users.get(variant)?.add(record.hashed_ip);
      });
    });
  }
  for (const variant of variants) (counts[variant] as ShardVariantCounts).users = [...(users.get(variant) as Set<string>)];
  return { records, counts };
}

/** The pipeline report of a sharded run: the plan's steps plus every shard's pass-2 counts. */
export function shardedPipelineReport(plan: ShardedReleasePlan, shardCounts: readonly Partial<Record<VariantName, ShardVariantCounts>>[]): PipelineReport {
  const variants: Partial<Record<VariantName, VariantReport>> = {};
  for (const variant of plan.variants) {
    const report = structuredClone(plan.reports[variant] as VariantReport);
    const users = new Set<string>();
    for (const counts of shardCounts) {
      const count = counts[variant];
      if (count === undefined) continue;
      report.rows += count.rows;
      report.toxicRows += count.toxicRows;
      report.redactedRows += count.redactedRows;
      report.jailbreakTaggedRows += count.jailbreakTaggedRows;
      report.jailbreakSucceededRows += count.jailbreakSucceededRows;
      for (const user of count.users) users.add(user);
    }
    report.users = users.size;
    report.vanishedRows = (report.steps.at(-1)?.leaving ?? 0) - report.rows;
    variants[variant] = report;
  }
  return { rows: plan.rows, rowKeysDigest: plan.rowKeysDigest, variants, statistics: plan.statistics };
}
