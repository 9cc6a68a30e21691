/**
 * One release run, with every piece of I/O injected: the row source, the annotation cache and a
 * writer per variant. Runs the pipeline, then builds the manifest. The CLI (src/cli/release-command.ts)
 * opens the store, the export writers and the output folder around it.
 */
import type { XXHashAPI } from 'xxhash-wasm';
import type { ProgressSink } from '../core/progress-sink.ts';
import { parseDedupPolicy } from '../pipeline/dedup/dedup-policy.ts';
import { runReleasePasses, type DroppedRow, type PipelineReport } from './release-passes.ts';
import type { AnnotationCachePort } from '../pipeline/runner/annotation-cache-port.ts';
import { KeyHashTable } from '../pipeline/runner/key-hash-table.ts';
import type { PipelineRow } from '../pipeline/runner/pipeline-row.ts';
import { stageVersions, type PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { coarsenTimestamp } from './anonymise/coarsen-time.ts';
import { ReleaseAnonymiser } from './anonymise/release-anonymiser.ts';
import type { ReleaseConfig } from './release-config.ts';
import { firstFailingFilter, type ReleaseFilterOptions, type VariantName } from './release-filters.ts';
import { buildManifest, type InputSnapshot, type ReleaseManifest } from './release-manifest.ts';
import type { ReleaseSource } from './release-source.ts';
import { applyTurnStatusPolicy, emptyTurnStatusCounts, type TurnStatusCounts, type TurnStatusPolicy } from './turn-status-policy.ts';

export const DAY_MILLISECONDS = 86_400_000;

export interface RunReleaseOptions {
  config: ReleaseConfig;
  source: ReleaseSource;
  /** Deleted conversations known to the store (collected data), for the manifest. */
  deletedConversations: number | null;
  /** Epoch ms the review window is measured from. */
  now: number;
  stages: PipelineStages;
  cache: AnnotationCachePort;
  hasher: XXHashAPI;
  write: (variant: VariantName, records: readonly ReleaseRecord[]) => Promise<void>;
  progress?: ProgressSink;
  /** The per-release secret of the anonymised profile (config.privacy); never written anywhere by the run. */
  releaseSecret?: Uint8Array;
  onDropped?: (dropped: DroppedRow) => void;
  /**
   * Sees every written batch before the anonymised profile re-keys its ids, so the job can record
   * which stored conversation was published under which conversation_hash (takedowns need it).
   */
  onWritten?: (records: readonly ReleaseRecord[]) => void;
}

export interface ReleaseRunResult {
  manifest: ReleaseManifest;
  report: PipelineReport;
}

export function filterOptions(config: ReleaseConfig, now: number): ReleaseFilterOptions {
  return {
    acceptedTermsVersions: config.acceptedTermsVersions === null ? null : new Set(config.acceptedTermsVersions),
    reviewCutoff: now - config.reviewWindowDays * DAY_MILLISECONDS,
    since: config.since === null ? null : Date.parse(config.since),
    until: config.until === null ? null : Date.parse(config.until),
  };
}

/** Wraps the first pass's rows to measure the input snapshot on the way. */
class SnapshotMeter {
  /** Distinct conversation ids, as 64-bit hashes (a Set of the id strings grew by ~100 bytes a row). */
  readonly conversations: KeyHashTable;
  maxTurnIdentifier: number | null = null;
  lastActivity: number | null = null;
  rows = 0;
  private measured = false;

  constructor(hasher: XXHashAPI) {
    this.conversations = new KeyHashTable(hasher);
  }

  wrap(rows: () => AsyncIterable<readonly PipelineRow[]>): () => AsyncIterable<readonly PipelineRow[]> {
    return () => {
      if (this.measured) return rows();
      this.measured = true;
      return this.measure(rows());
    };
  }

  private async *measure(batches: AsyncIterable<readonly PipelineRow[]>): AsyncGenerator<readonly PipelineRow[]> {
    for await (const batch of batches) {
      for (const row of batch) {
        this.rows += 1;
        this.conversations.setIfAbsent(row.record.conversation_id ?? row.key, 0);
        for (const message of row.record.conversation) {
          if (message.turn_identifier !== null) this.maxTurnIdentifier = Math.max(this.maxTurnIdentifier ?? 0, message.turn_identifier);
        }
        if (row.facts.lastActivityAt > 0) this.lastActivity = Math.max(this.lastActivity ?? 0, row.facts.lastActivityAt);
      }
      yield batch;
    }
  }
}

export async function runRelease(options: RunReleaseOptions): Promise<ReleaseRunResult> {
  const { config, source } = options;
  const meter = new SnapshotMeter(options.hasher);
  const filters = filterOptions(config, options.now);
  const anonymiser = releaseAnonymiser(config, options.releaseSecret, filters, source.kind);
  const turnStatus = source.kind === 'collected' && config.turnStatus !== undefined ? new TurnStatusFilter(config.turnStatus) : null;
  const measured = meter.wrap(() => source.rows());
  const rows = turnStatus === null ? measured : turnStatus.wrap(measured);
  const report = await runReleasePasses({
    source: source.kind,
    rows: anonymiser === null ? rows : anonymiser.wrapRows(rows),
    expectedRows: source.expectedRows,
    stages: options.stages,
    cache: options.cache,
    filters,
    variants: config.variants,
    dedup: { policy: parseDedupPolicy(config.dedupPolicy), level: config.dedupLevel, text: config.dedupText },
    hasher: options.hasher,
    write: (variant, records) => {
      options.onWritten?.(records);
      return options.write(variant, anonymiser === null ? records : anonymiser.apply(records));
    },
    progress: options.progress,
    onDropped: options.onDropped,
  });
  const snapshot: InputSnapshot = {
    conversations: meter.conversations.size,
    rows: report.rows,
    rowKeysSha256: report.rowKeysDigest,
    maxTurnIdentifier: source.kind === 'collected' ? meter.maxTurnIdentifier : null,
    // The newest activity is one user's exact time; the anonymised profile cuts it like every timestamp.
    lastActivity:
      meter.lastActivity === null
        ? null
        : anonymiser === null
          ? new Date(meter.lastActivity).toISOString()
          : coarsenTimestamp(new Date(meter.lastActivity).toISOString(), anonymiser.config.timestampPrecision),
    deletedConversations: options.deletedConversations,
  };
  const manifest = buildManifest({
    config,
    kind: source.kind,
    snapshot,
    report,
    stages: stageVersions(options.stages),
    ...(turnStatus === null ? {} : { turnStatus: turnStatus.counts }),
  });
  return { manifest, report };
}

/** Applies the turn status policy to every row; counts turns on the first pass only (both passes read the same rows). */
export class TurnStatusFilter {
  readonly counts = emptyTurnStatusCounts();
  private counted = false;

  constructor(private readonly policy: TurnStatusPolicy) {}

  wrap(rows: () => AsyncIterable<readonly PipelineRow[]>): () => AsyncIterable<readonly PipelineRow[]> {
    return () => {
      const counts = this.counted ? null : this.counts;
      this.counted = true;
      return this.apply(rows(), counts);
    };
  }

  private async *apply(batches: AsyncIterable<readonly PipelineRow[]>, counts: TurnStatusCounts | null): AsyncGenerator<readonly PipelineRow[]> {
    for await (const batch of batches) {
      yield batch.map((row) => {
        const record = applyTurnStatusPolicy(row.record, this.policy, counts);
        if (record === row.record) return row;
        // A row without turns keeps its record, so the turn_status filter can count it.
        return record === null ? { ...row, facts: { ...row.facts, noTurnsLeft: true } } : { ...row, record };
      });
    }
  }
}

/** The anonymised profile's hooks, or null for the compatible profile (and for configs without one). */
export function releaseAnonymiser(
  config: ReleaseConfig,
  secret: Uint8Array | undefined,
  filters: ReleaseFilterOptions,
  kind: 'collected' | 'imported',
): ReleaseAnonymiser | null {
  if (config.privacy === undefined || config.privacy.profile !== 'anonymised') return null;
  if (secret === undefined) throw new Error('the anonymised profile needs a release secret');
  // Moderation-based filters are not known yet; rows they drop later still count (see docs/privacy.md).
  return new ReleaseAnonymiser(
    config.privacy,
    secret,
    (row) => firstFailingFilter({ ...row.facts, sexualMinors: false, toxic: false }, filters, kind) === null,
  );
}
