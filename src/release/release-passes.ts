/**
 * The release over any source of rows, in two passes (the release's own logic — filters,
 * variants, per-variant duplicate selection, variant reports — over the pipeline's pure pieces):
 *
 *  1. Annotate: cheap filters first (consent, withdrawal, review window, dates); the surviving
 *     rows go through the message-level stages (language, moderation, Detoxify, tokens, PII
 *     spans, jailbreak) via the annotation cache; rows flagged sexual/minors are dropped; the rest
 *     feed the duplicate indexes and the PII document-frequency table.
 *  2. Between passes the duplicate clusters are finished and each variant's dedup policy applied.
 *  3. Assemble: rows that some variant keeps are read again, their annotations come back from the
 *     cache, PII is redacted with the frequency gate, and records stream to the variant writers.
 *
 * Pure: rows come from the injected `rows()` (called once per pass), annotations go through the
 * injected cache, records leave through `write`. Counts are exact and deterministic, so the
 * manifest can say how many rows entered and left every filter of every variant.
 */
import { createHash } from 'node:crypto';
import type { XXHashAPI } from 'xxhash-wasm';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import { firstFailingFilter, RELEASE_FILTER_NAMES, variantAccepts, type ReleaseFilterOptions, type VariantName } from './release-filters.ts';
import { emptyVariantReport, variantSteps, type FilterStep, type VariantReport } from './variant-report.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { DedupLevel, DedupPolicy } from '../pipeline/dedup/dedup-policy.ts';
import { candidateKey } from '../pipeline/pii/candidate-key.ts';
import type { AnnotationCachePort } from '../pipeline/runner/annotation-cache-port.ts';
import { assembleRecord, rowSafety } from '../pipeline/runner/assemble-record.ts';
import { DedupTracker, type DedupText } from '../pipeline/runner/dedup-tracker.ts';
import { KeyHashTable } from '../pipeline/runner/key-hash-table.ts';
import { rowMessages, type PipelineRow } from '../pipeline/runner/pipeline-row.ts';
import type { PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import { annotateMessages, type MessageAnnotations } from '../pipeline/runner/row-annotations.ts';
import type { MessageInput } from '../pipeline/stage.ts';
import { StageStatistics, type StageCounters } from '../pipeline/runner/stage-statistics.ts';

export interface DedupSettings {
  policy: DedupPolicy;
  level: DedupLevel;
  text: DedupText;
}

export interface RunPipelineOptions {
  source: 'collected' | 'imported';
  /** Called once per pass; must yield the same rows in the same order (new rows are ignored in pass 2). */
  rows: () => AsyncIterable<readonly PipelineRow[]>;
  expectedRows?: number | null;
  stages: PipelineStages;
  cache: AnnotationCachePort;
  filters: ReleaseFilterOptions;
  variants: readonly VariantName[];
  dedup: DedupSettings;
  hasher: XXHashAPI;
  write: (variant: VariantName, records: readonly ReleaseRecord[]) => Promise<void>;
  progress?: ProgressSink;
  /** Told every row a filter dropped, by id (never text), e.g. for `--list-dropped`. */
  onDropped?: (dropped: DroppedRow) => void;
}

/** A row some filter dropped: which conversation, which filter, and for which variant (null: all of them). */
export interface DroppedRow {
  /** The conversation id (or the source's conversation hash when the row has no id). */
  conversation: string;
  /** The branch index when the row is one branch of a conversation. */
  branch: number | null;
  reason: FilterStep['name'];
  variant: VariantName | null;
}

export type { FilterStep, VariantReport } from './variant-report.ts';

export interface PipelineReport {
  rows: number;
  /** SHA-256 over the row keys in order: identifies the input snapshot. */
  rowKeysDigest: string;
  variants: Partial<Record<VariantName, VariantReport>>;
  statistics: StageCounters[];
}

const PASSED = 255;
/** PII candidate keys are counted by their first 64 bits: enough to tell entities apart, a quarter of the memory. */
const FREQUENCY_KEY_CHARACTERS = 16;

export async function runReleasePasses(options: RunPipelineOptions): Promise<PipelineReport> {
  const { stages, cache, filters, source } = options;
  const progress = options.progress ?? SILENT_PROGRESS;
  const statistics = new StageStatistics();
  // Row key -> position in pass 1, as 64-bit key hashes (a Map of the key strings cost ~150 bytes a row).
  const ordinals = new KeyHashTable(options.hasher);
  const status: number[] = [];
  const dedupPosition: number[] = [];
  const toxicByPosition: number[] = [];
  const onDropped = options.onDropped;
  // Ids of the rows in the duplicate index, kept only when someone asks what was dropped.
  const idsByPosition: { conversation: string; branch: number | null }[] = [];
  const rowId = (row: PipelineRow) => ({ conversation: row.record.conversation_id ?? row.record.conversation_hash, branch: row.record.branch?.index ?? null });
  const frequency = new Map<string, number>();
  const dedup = new DedupTracker(options.hasher);
  const keysDigest = createHash('sha256');

  // Pass 1: filter, annotate, index.
  progress.begin('annotate (language, moderation, tokens, pii, jailbreak)', options.expectedRows ?? null, 'rows');
  // The next batch is annotated (on the worker threads, when there are any) while the main
  // thread indexes the previous one.
  interface PreparedBatch {
    size: number;
    pending: { row: PipelineRow; ordinal: number }[];
    messages: MessageInput[][];
    annotations: Promise<MessageAnnotations[][]>;
  }
  const prepare = (batch: readonly PipelineRow[]): PreparedBatch => {
    const pending: { row: PipelineRow; ordinal: number }[] = [];
    for (const row of batch) {
      const ordinal = status.length;
      if (!ordinals.setIfAbsent(row.key, ordinal)) throw new Error(`row key ${row.key} appears twice in the input`);
      keysDigest.update(row.key).update('\n');
      const failing = firstFailingFilter({ ...row.facts, sexualMinors: false, toxic: false }, filters, source);
      status.push(failing === null ? PASSED : RELEASE_FILTER_NAMES.indexOf(failing));
      dedupPosition.push(-1);
      if (failing === null) pending.push({ row, ordinal });
      else onDropped?.({ ...rowId(row), reason: failing, variant: null });
    }
    const messages = pending.map(({ row }) => rowMessages(row.record));
    const annotations = annotateMessages(messages, stages, cache, statistics);
    // Awaited in finish(); this only keeps a failure from being reported as unhandled meanwhile.
    annotations.catch(() => undefined);
    return { size: batch.length, pending, messages, annotations };
  };
  const finish = async (prepared: PreparedBatch): Promise<void> => {
    const annotations = await prepared.annotations;
    const started = performance.now();
    prepared.pending.forEach(({ row, ordinal }, index) => {
      const rowAnnotations = annotations[index] ?? [];
      const safety = rowSafety(row.record, rowAnnotations, stages.detoxifyThreshold);
      if (safety.sexualMinors) {
        status[ordinal] = RELEASE_FILTER_NAMES.indexOf('sexual_minors');
        onDropped?.({ ...rowId(row), reason: 'sexual_minors', variant: null });
        return;
      }
      dedupPosition[ordinal] = dedup.add(prepared.messages[index] ?? []);
      if (onDropped !== undefined) idsByPosition.push(rowId(row));
      toxicByPosition.push(safety.anyToxic ? 1 : 0);
      const keys = new Set<string>();
      row.record.conversation.forEach((message, messageIndex) => {
        for (const span of rowAnnotations[messageIndex]?.piiSpans ?? []) {
          if (stages.piiPolicies[span.entity] === 'keep') continue;
          keys.add(candidateKey(span.entity, message.content.slice(span.start, span.end)).slice(0, FREQUENCY_KEY_CHARACTERS));
        }
      });
      for (const key of keys) frequency.set(key, (frequency.get(key) ?? 0) + 1);
    });
    statistics.addTime(
      'dedup',
      'index',
      performance.now() - started,
      prepared.messages.reduce((sum, messages) => sum + messages.length, 0),
    );
    progress.advance(prepared.size);
  };
  let previous: PreparedBatch | null = null;
  for await (const batch of options.rows()) {
    const prepared = prepare(batch);
    if (previous !== null) await finish(previous);
    previous = prepared;
  }
  if (previous !== null) await finish(previous);
  progress.end();

  // Between the passes: clusters, then each variant's selection.
  progress.begin('duplicates', null, 'rows');
  const dedupStarted = performance.now();
  dedup.finish();
  const kept = new Map<VariantName, Uint8Array>();
  for (const variant of options.variants) {
    const isMember = (position: number) => variantAccepts(variant, { toxic: toxicByPosition[position] === 1 });
    const selected = dedup.selectKept(options.dedup.policy, options.dedup.level, options.dedup.text, isMember);
    kept.set(variant, selected);
    if (onDropped !== undefined) {
      idsByPosition.forEach((id, position) => {
        if (!isMember(position)) onDropped({ ...id, reason: 'toxic', variant });
        else if (selected[position] !== 1) onDropped({ ...id, reason: 'duplicates', variant });
      });
    }
  }
  statistics.addTime('dedup', 'index', performance.now() - dedupStarted);
  progress.advance(dedup.size);
  progress.end();

  const reports = new Map<VariantName, VariantReport>();
  for (const variant of options.variants)
    reports.set(variant, emptyVariantReport(variantSteps(variant, status, PASSED, toxicByPosition, kept.get(variant) as Uint8Array, source)));
  const users = new Map<VariantName, Set<string>>(options.variants.map((variant) => [variant, new Set<string>()]));
  const expectedByVariant = new Map<VariantName, number>(
    options.variants.map((variant) => [variant, (reports.get(variant) as VariantReport).steps.at(-1)?.leaving ?? 0]),
  );

  // Pass 2: assemble and route the kept rows.
  const context = { stages, frequency: (key: string) => frequency.get(key.slice(0, FREQUENCY_KEY_CHARACTERS)) ?? 0 };
  progress.begin('redact, assemble and write', status.length, 'rows');
  for await (const batch of options.rows()) {
    const selected: { row: PipelineRow; position: number; variants: VariantName[] }[] = [];
    for (const row of batch) {
      const ordinal = ordinals.get(row.key);
      if (ordinal === undefined || status[ordinal] !== PASSED) continue;
      const position = dedupPosition[ordinal] as number;
      const variants = options.variants.filter((variant) => (kept.get(variant) as Uint8Array)[position] === 1);
      if (variants.length > 0) selected.push({ row, position, variants });
    }
    // Pass 2 reads back what pass 1 stored: its lookups are not counted again (each message is
    // counted once, in pass 1); their time is part of assembling.
    const started = performance.now();
    const annotations = await annotateMessages(
      selected.map(({ row }) => rowMessages(row.record)),
      stages,
      cache,
      new StageStatistics(),
    );
    const outputs = new Map<VariantName, ReleaseRecord[]>(options.variants.map((variant) => [variant, []]));
    selected.forEach(({ row, position, variants }, index) => {
      const record = assembleRecord(
        row.record,
        annotations[index] ?? [],
        {
          conversation: dedup.duplicates(position, 'conversation'),
          firstTurn: dedup.duplicates(position, 'first-user-turn'),
        },
        context,
      );
      for (const variant of variants) {
        (outputs.get(variant) as ReleaseRecord[]).push(record);
        const report = reports.get(variant) as VariantReport;
        report.rows += 1;
        if (record.toxic === true) report.toxicRows += 1;
        if (record.redacted === true) report.redactedRows += 1;
        if (record.annotations?.jailbreak_tagged === true) report.jailbreakTaggedRows += 1;
        if (record.annotations?.jailbreak_succeeded === true) report.jailbreakSucceededRows += 1;
        if (record.hashed_ip !== null) users.get(variant)?.add(record.hashed_ip);
      }
    });
    statistics.addTime(
      'assemble',
      'v1',
      performance.now() - started,
      selected.reduce((sum, item) => sum + item.row.record.conversation.length, 0),
    );
    for (const [variant, records] of outputs) if (records.length > 0) await options.write(variant, records);
    progress.advance(batch.length);
  }
  progress.end();

  for (const [variant, report] of reports) {
    report.users = users.get(variant)?.size ?? 0;
    report.vanishedRows = (expectedByVariant.get(variant) ?? 0) - report.rows;
  }
  return {
    rows: status.length,
    rowKeysDigest: keysDigest.digest('hex'),
    variants: Object.fromEntries(reports),
    statistics: statistics
      .list()
      .map((counters) => (counters.stage === stages.detoxify.name && stages.detoxifySource === null ? { ...counters, off: true } : counters)),
  };
}
