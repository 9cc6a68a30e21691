/**
 * The release job: store → release passes (src/release, pure) → export writers → the output
 * folder, with the annotation cache, the up-to-date check and the manifest and card written last.
 * The CLI resolves the settings and prints; a test can run this directly.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import { exportDataset, type ExportReport } from '../dataset/export/export-dataset.ts';
import type { StageCounters } from '../pipeline/runner/stage-statistics.ts';
import { configHash } from '../release/release-config.ts';
import type { VariantName } from '../release/release-filters.ts';
import { manifestCardSection, type ReleaseManifest } from '../release/release-manifest.ts';
import { collectedRowBatches, importedRowBatches, type ReleaseSource } from './release-sources.ts';
import { RecordChannel } from '../release/record-channel.ts';
import { runRelease } from '../release/run-release.ts';
import { createTaskQueue } from '../release/task-queue.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { ReleaseCommandConfig } from '../settings/resolve-release-config.ts';
import { openStoreAt } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { cardLicense, COLLECTED_LICENSE } from './card-license.ts';
import { JobError } from './job-error.ts';
import { manifestConfig, openReleaseRuntime, readJailbreakTemplates } from './release-runtime.ts';
import { isUpToDate, readReleaseState, releaseStateFor, writeReleaseState } from './release-state.ts';
import { DroppedList } from './dropped-list.ts';
import { PublishedHashesWriter } from './published-hashes.ts';
import { replaceFolder } from './replace-folder.ts';
import { previousTakedownsThrough, takedownManifestSection, withoutTakenDown } from './release-takedowns.ts';
import { readTakedownLedger, takedownSummary } from './takedown-ledger.ts';
import type { TakedownSummary } from '../release/takedown-match.ts';
import { stageVersions } from '../pipeline/runner/pipeline-stages.ts';
import { releaseSecret } from './release-secret.ts';
import { KeyedAnnotationCache } from '../pipeline/runner/keyed-annotation-cache.ts';
import { loadOrCreateAnnotationCacheKey } from '../privacy/annotation-cache-key.ts';
import { profileCardSection } from '../release/anonymise/release-profile.ts';

export interface ReleaseJobIo {
  progress?: ProgressSink;
  /** Current time (epoch ms) when the config has no `now`. */
  clock?: () => number;
  /** The store of a data folder (default: src/store/open-store.ts). */
  openStore?: (dataDir: string) => Store | Promise<Store>;
}

export interface ReleaseJobResult {
  /** Null when the output was already up to date and nothing ran. */
  manifest: ReleaseManifest | null;
  statistics: StageCounters[];
  outDir: string;
  upToDate: boolean;
  /** The config hash of the run (the up-to-date check compares it). */
  configHash: string;
  /** Rows written to `listDropped`, or null when no list was asked for (or nothing ran). */
  droppedListed: number | null;
}

export async function runReleaseJob(config: ReleaseCommandConfig, io: ReleaseJobIo = {}): Promise<ReleaseJobResult> {
  const { output } = config;
  const { outDir, dataDir } = output;
  const datasetName = output.dataset;
  if (config.sharding !== null && (output.databaseUrl?.trim() ?? '') === '')
    throw new JobError('--sharded needs --database-url postgres://... (or DATABASE_URL): the shards and their queue live in PostgreSQL');
  const templates = readJailbreakTemplates(config.jailbreakTemplatesFile);
  // The anonymised profile's secret: fresh and discarded, unless the operator keeps it in a file.
  const secret = config.privacy.profile === 'anonymised' ? releaseSecret(config.releaseSecretFile) : null;
  const releaseConfig = manifestConfig(config, templates.sha256, secret?.linkable ?? true);
  const hash = configHash(releaseConfig);
  const now = config.now ?? (io.clock ?? Date.now)();
  const store = await (io.openStore ?? ((folder: string) => openStoreAt({ dataDir: folder, databaseUrl: output.databaseUrl })))(dataDir);
  try {
    let source: ReleaseSource;
    let deletedConversations: number | null = null;
    let license: string;
    if (datasetName === null) {
      license = await cardLicense(output.license, null, store.datasets);
      const tombstones = await store.listTombstones();
      const tombstoned = new Set(tombstones.flatMap((tombstone) => (tombstone.conversationId === null ? [] : [tombstone.conversationId])));
      deletedConversations = tombstoned.size;
      source = {
        kind: 'collected',
        name: 'collected',
        rows: () => collectedRowBatches(store.iterateConversations({ batchSize: config.batchSize }), releaseConfig.branches, tombstoned),
        expectedRows: await store.countConversations(),
      };
    } else {
      const info = await store.datasets.getDataset(datasetName);
      if (info === null) {
        const names = (await store.datasets.listDatasets()).map((dataset) => dataset.name);
        throw new JobError(`no dataset named ${datasetName} in ${dataDir}${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
      }
      license = await cardLicense(output.license, info, store.datasets);
      source = {
        kind: 'imported',
        name: datasetName,
        rows: () => importedRowBatches(store.datasets.iterateRecords(info.id, { batchSize: config.batchSize })),
        expectedRows: info.records,
      };
    }

    const takedowns = takedownSummary(readTakedownLedger(dataDir), source.name);
    const previousThrough = previousTakedownsThrough(outDir);
    const takenDown = withoutTakenDown(source, takedowns);
    source = takenDown.source;

    // A re-run over unchanged input with the same config leaves the existing release alone.
    const state = await releaseStateFor(store, releaseConfig, datasetName, now, outDir);
    const previous = readReleaseState(dataDir, outDir);
    if (!config.force && takedowns.through === previousThrough && (await isUpToDate(previous, state, store))) {
      return { manifest: null, statistics: [], outDir, upToDate: true, configHash: hash, droppedListed: null };
    }
    // A folder an earlier release run wrote (its state is on record) may be replaced without --overwrite.
    if (fs.existsSync(outDir) && !output.overwrite && previous === null) {
      throw new JobError(`${outDir} already exists; choose another --out or pass --overwrite`);
    }

    if (config.sharding !== null) refuseUnshardable(config, takedowns.selectors);
    const cache = await keyedCache(store, dataDir);
    // A sharded run's stages run in the worker processes; here they only name their versions.
    const runtime = await openReleaseRuntime(config.sharding === null ? config : { ...config, workers: 0 }, templates, source.expectedRows, io.progress);
    try {
      fs.mkdirSync(path.dirname(outDir), { recursive: true });
      const temporary = `${outDir}.tmp-${randomBytes(6).toString('hex')}`;
      fs.mkdirSync(temporary);
      let published: PublishedHashesWriter | null = null;
      try {
        const dropped = config.listDropped === null ? null : new DroppedList(config.listDropped);
        const { sharding } = config;
        published = source.kind === 'collected' ? new PublishedHashesWriter(dataDir, outDir) : null;
        const recorder = published;
        const result = await writeVariants(
          { ...config, output: { ...output, license } },
          temporary,
          () => takedownManifestSection(takedowns, previousThrough, takenDown.droppedRows()),
          takenDown.keep,
          (write) =>
            sharding !== null
              ? // Imported only for a sharded run: it loads pg-boss.
                import('./sharded-release.ts').then(({ runShardedRelease }) =>
                  runShardedRelease({
                    config,
                    sharding,
                    store,
                    releaseConfig,
                    templates,
                    cacheKey: loadOrCreateAnnotationCacheKey(dataDir).secret,
                    now,
                    deletedConversations,
                    stageVersions: stageVersions(runtime.stages),
                    hasher: runtime.hasher,
                    write,
                    progress: io.progress ?? SILENT_PROGRESS,
                    ...(secret === null ? {} : { releaseSecret: secret.secret }),
                    ...(recorder === null ? {} : { onWritten: (records: readonly ReleaseRecord[]) => recorder.add(records) }),
                  }),
                )
              : runRelease({
                  config: releaseConfig,
                  source,
                  deletedConversations,
                  now,
                  stages: runtime.stages,
                  cache,
                  ...(secret === null ? {} : { releaseSecret: secret.secret }),
                  hasher: runtime.hasher,
                  write,
                  progress: io.progress ?? SILENT_PROGRESS,
                  onDropped: dropped === null ? undefined : (row) => dropped.add(row),
                  onWritten: recorder === null ? undefined : (records) => recorder.add(records),
                }),
        );
        dropped?.write();
        replaceFolder(temporary, outDir);
        published?.commit();
        writeReleaseState(dataDir, state);
        return { manifest: result.manifest, statistics: result.statistics, outDir, upToDate: false, configHash: hash, droppedListed: dropped?.size ?? null };
      } finally {
        published?.discard();
        fs.rmSync(temporary, { recursive: true, force: true });
      }
    } finally {
      await runtime.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * Runs `release` with one export writer per variant under `temporary`, then completes the
 * manifest with the data files and appends its summary to each variant's card.
 */
async function writeVariants(
  config: ReleaseCommandConfig,
  temporary: string,
  takedownSection: () => ReleaseManifest['takedowns'],
  keep: (record: ReleaseRecord) => boolean,
  release: (
    write: (variant: VariantName, records: readonly ReleaseRecord[]) => Promise<void>,
  ) => Promise<{ manifest: ReleaseManifest; report: { statistics: StageCounters[] } }>,
): Promise<{ manifest: ReleaseManifest; statistics: StageCounters[] }> {
  const { output } = config;
  const channels = new Map<VariantName, RecordChannel<readonly ReleaseRecord[]>>();
  const exports = new Map<VariantName, Promise<ExportReport>>();
  // The variants' writers convert one shard at a time between them, so only one DuckDB memory limit is live.
  const conversionQueue = createTaskQueue();
  const prettyName = output.prettyName ?? (output.dataset === null ? 'Collected conversations' : output.dataset);
  for (const variant of config.variants) {
    const channel = new RecordChannel<readonly ReleaseRecord[]>();
    channels.set(variant, channel);
    const exported = exportDataset({
      records: channel,
      outDir: path.join(temporary, variant),
      format: output.format,
      schema: output.schema,
      gzip: output.gzip,
      shardRows: output.shardRows,
      shardBytes: output.shardBytes,
      rowGroupSize: output.rowGroupSize,
      compression: output.compression,
      compressionLevel: output.compressionLevel,
      prettyName: `${prettyName} (${variant})`,
      license: output.license ?? COLLECTED_LICENSE,
      attributions: output.attributions,
      duckDbThreads: output.duckDbThreads,
      // Each conversion gets the whole limit (a smaller share ran out of memory at 10k-row shards); the queue keeps them apart.
      duckDbMemoryLimit: output.duckDbMemoryLimit,
      conversionQueue,
      progress: SILENT_PROGRESS,
    });
    // A writer that fails must stop the pipeline instead of leaving it waiting on a full channel.
    exported.catch((error: unknown) => channel.fail(error));
    exports.set(variant, exported);
  }
  let result;
  try {
    result = await release((variant, records) => (channels.get(variant) as RecordChannel<readonly ReleaseRecord[]>).push(records.filter(keep)));
  } catch (error) {
    for (const channel of channels.values()) channel.fail(error);
    await Promise.allSettled(exports.values());
    throw error;
  }
  for (const channel of channels.values()) channel.close();
  const manifest = { ...result.manifest, takedowns: takedownSection() };
  for (const variant of config.variants) {
    const entry = manifest.variants[variant];
    if (entry !== undefined) entry.data_files = (await (exports.get(variant) as Promise<ExportReport>)).shards;
    const privacy = manifest.config.privacy ?? { profile: 'wildchat-compatible', timestampPrecision: 'second', kAnonymity: 1, linkable: true };
    fs.appendFileSync(path.join(temporary, variant, 'README.md'), `\n${manifestCardSection(manifest, variant)}\n${profileCardSection(privacy)}`);
  }
  fs.writeFileSync(path.join(temporary, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, statistics: result.report.statistics };
}

/** What a sharded release cannot do yet: each is refused before anything runs, never half done. */
function refuseUnshardable(config: ReleaseCommandConfig, selectors: TakedownSummary['selectors']): void {
  if (config.output.dataset !== null) throw new JobError('--sharded releases the collected conversations; run an imported dataset without --sharded');
  if (config.listDropped !== null) throw new JobError('--sharded does not support --list-dropped yet');
  if (selectors.conversationHashes.size + selectors.turnIdentifiers.size + selectors.hashedIps.size > 0)
    throw new JobError('--sharded does not apply takedowns yet; this data folder has takedowns on record, release without --sharded');
}

/**
 * The store's annotation cache keyed with the data folder's secret, so it never holds a plain hash
 * of any text. A new secret means the entries on disk were keyed the old (plain SHA-256) way: they
 * are dropped, not reused.
 */
async function keyedCache(store: Store, dataDir: string): Promise<KeyedAnnotationCache> {
  const key = loadOrCreateAnnotationCacheKey(dataDir);
  if (key.created) await store.annotations.clear();
  return new KeyedAnnotationCache(store.annotations, key.secret);
}
