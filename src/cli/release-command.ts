/**
 * `wildchat release --out DIR`: the annotated, filtered public release of our collected
 * conversations (or of an imported --dataset): variants `full` and `non-toxic` in Hugging Face
 * layout, plus manifest.json. This file does the I/O around src/release/run-release.ts: settings,
 * store, annotation cache, moderation client, template file, export writers, the output folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import xxhash from 'xxhash-wasm';
import { exportDataset, type ExportReport } from '../dataset/export/export-dataset.ts';
import { createTaskQueue } from '../release/task-queue.ts';
import type { ExportSchema } from '../dataset/export/release-columns.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../dataset/progress-sink.ts';
import { parseDedupPolicy } from '../pipeline/dedup/dedup-policy.ts';
import { parseJailbreakTemplates, templateFormatFromPath, type JailbreakTemplate } from '../pipeline/jailbreak/jailbreak-template-file.ts';
import { HttpDetoxifyClassifier } from '../pipeline/moderation/http-detoxify-classifier.ts';
import { OpenAIModerationClient } from '../pipeline/moderation/openai-moderation-client.ts';
import type { StageCounters } from '../pipeline/runner/stage-statistics.ts';
import { createPipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import { pooledStages, StageWorkerPool } from '../pipeline/runner/stage-worker-pool.ts';
import type { OpenAIEncoding } from '../pipeline/tokens/token-counter.ts';
import { configHash, type ReleaseConfig } from '../release/release-config.ts';
import { VARIANT_NAMES, type VariantName } from '../release/release-filters.ts';
import { manifestCardSection, type ReleaseManifest } from '../release/release-manifest.ts';
import { collectedRowBatches, importedRowBatches, type ReleaseSource } from '../release/release-sources.ts';
import { parseReleaseTime } from '../release/parse-release-time.ts';
import { RecordChannel } from '../release/record-channel.ts';
import { runRelease } from '../release/run-release.ts';
import { profileCardSection, type ReleaseProfile, type TimestampPrecision } from '../release/anonymise/release-profile.ts';
import { releaseSecret } from './release-secret.ts';
import { loadOrCreateAnnotationCacheKey } from '../privacy/annotation-cache-key.ts';
import { KeyedAnnotationCache } from '../pipeline/runner/keyed-annotation-cache.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { resolveSetting, resolveSettings, type AnySettingValue } from '../settings/resolve-settings.ts';
import { serveSettings } from '../settings/serve-settings.ts';
import { openStore } from '../store/open-store.ts';
import { SqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import { SqliteAnnotationCache } from '../store/sqlite/sqlite-annotation-cache.ts';
import { SqliteDatasetStore } from '../store/sqlite/sqlite-dataset-store.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { formatAmount, createProgress } from './progress.ts';
import { readReleaseState, releaseStateFor, writeReleaseState, isUpToDate } from './release-state.ts';

export interface ReleaseCommandResult {
  /** Null when the output was already up to date and nothing ran. */
  manifest: ReleaseManifest | null;
  statistics: StageCounters[];
  outDir: string;
  upToDate: boolean;
}

export interface ReleaseCommandIo {
  env?: Readonly<Record<string, string | undefined>>;
  progress?: ProgressSink;
  /** Current time (epoch ms) when --now is not given. */
  clock?: () => number;
  stdout?: (text: string) => void;
}

function text(value: AnySettingValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

function timeSetting(value: AnySettingValue | undefined, flag: string): number | null {
  const raw = text(value);
  if (raw === null) return null;
  const time = parseReleaseTime(raw);
  if (time === null) throw new CliError(`${flag} ${JSON.stringify(raw)} is not an ISO 8601 date or date-time (e.g. 2024-04-30 or 2024-04-30T12:00:00Z)`);
  return time;
}

function tokenizers(value: AnySettingValue | undefined): { encoding: OpenAIEncoding; llama2: boolean } {
  const items = Array.isArray(value) ? value : ['o200k_base'];
  const encoding = items.find((item) => item === 'o200k_base' || item === 'cl100k_base') ?? 'o200k_base';
  const unknown = items.filter((item) => item !== 'o200k_base' && item !== 'cl100k_base' && item !== 'llama2');
  if (unknown.length > 0) throw new CliError(`--tokenizers: unknown tokenizer ${unknown.join(', ')} (expected o200k_base or cl100k_base, and optionally llama2)`);
  return { encoding: encoding as OpenAIEncoding, llama2: items.includes('llama2') };
}

function readTemplates(file: string | null): { templates: JailbreakTemplate[] | null; hash: string | null } {
  if (file === null) return { templates: null, hash: null };
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --jailbreak-templates ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const templates = parseJailbreakTemplates(content, templateFormatFromPath(file));
    return { templates, hash: createHash('sha256').update(content, 'utf8').digest('hex') };
  } catch (error) {
    throw new CliError(`--jailbreak-templates ${path.basename(file)}: ${(error as Error).message}`);
  }
}

export async function runReleaseCommand(options: Record<string, unknown>, io: ReleaseCommandIo = {}): Promise<ReleaseCommandResult> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? ((line: string) => process.stdout.write(line));
  const settings = resolveSettings('release', options, env);
  const out = text(settings.out);
  if (out === null) throw new CliError('--out is required: the folder to write the release to');
  const outDir = path.resolve(out);
  const format = text(settings.format) ?? 'parquet';
  if (format !== 'parquet' && format !== 'jsonl') throw new CliError(`--format ${format} is an import format; release writes parquet or jsonl`);
  const dedupPolicy = text(settings.dedup) ?? 'keep';
  try {
    parseDedupPolicy(dedupPolicy);
  } catch (error) {
    throw new CliError(`--dedup: ${(error as Error).message}`);
  }
  const givenNow = timeSetting(settings.now, '--now');
  const since = timeSetting(settings.since, '--since');
  const until = timeSetting(settings.until, '--until');
  const now = givenNow ?? (io.clock ?? Date.now)();
  const variantSetting = text(settings.variant) ?? 'all';
  const variants: VariantName[] = variantSetting === 'all' ? [...VARIANT_NAMES] : [variantSetting as VariantName];
  const moderation = (text(settings.moderation) ?? 'local') as 'local' | 'openai' | 'none';
  const tokens = tokenizers(settings.tokenizers);
  const templates = readTemplates(text(settings.jailbreakTemplates));
  const datasetName = text(settings.dataset);
  const dataDir = text(settings.dataDir) ?? './wildchat-data';

  const moderationClient =
    moderation === 'openai'
      ? new OpenAIModerationClient({
          baseUrl: text(settings.moderationUrl) ?? String(resolveSetting(serveSettings.find((row) => row.key === 'upstreamUrl')!, {}, env)),
          apiKey: text(settings.moderationKey) ?? text(resolveSetting(serveSettings.find((row) => row.key === 'upstreamKey')!, {}, env)),
          model: text(settings.moderationModel) ?? 'omni-moderation-latest',
        })
      : null;
  const detoxifyUrl = text(settings.detoxifyUrl);
  const detoxifyClassifier = detoxifyUrl === null ? null : new HttpDetoxifyClassifier({ url: detoxifyUrl, model: text(settings.detoxifyModel) ?? undefined });

  const profile = (text(settings.profile) ?? 'anonymised') as ReleaseProfile;
  const secret = profile === 'anonymised' ? releaseSecret(text(settings.releaseSecretFile)) : null;
  const config: ReleaseConfig = {
    source: datasetName === null ? 'collected' : `dataset:${datasetName}`,
    variants,
    format,
    schema: (text(settings.schema) ?? 'extended') as ExportSchema,
    branches: (text(settings.branches) ?? 'kept') as 'kept' | 'all',
    moderation: moderation === 'openai' ? `openai:${moderationClient?.model}` : moderation,
    detoxify: detoxifyClassifier?.model ?? null,
    detoxifyThreshold: Number(settings.toxicityThreshold),
    reviewWindowDays: Number(settings.reviewWindow),
    since: since === null ? null : new Date(since).toISOString(),
    until: until === null ? null : new Date(until).toISOString(),
    acceptedTermsVersions: Array.isArray(settings.acceptedTermsVersions) ? [...settings.acceptedTermsVersions].sort() : null,
    dedupPolicy,
    dedupLevel: (text(settings.dedupLevel) ?? 'near') as 'exact' | 'near',
    dedupText: (text(settings.dedupText) ?? 'conversation') as 'conversation' | 'first-user-turn',
    piiThreshold: Number(settings.piiThreshold),
    piiPersonThreshold: Number(settings.piiPersonThreshold),
    jailbreakThreshold: Number(settings.jailbreakThreshold),
    jailbreakTemplates: templates.hash,
    tokenEncoding: tokens.encoding,
    llama2Tokens: tokens.llama2,
    now: givenNow === null ? null : new Date(givenNow).toISOString(),
    privacy: {
      profile,
      timestampPrecision: (text(settings.timestampPrecision) ?? 'hour') as TimestampPrecision,
      kAnonymity: Number(settings.kAnonymity),
      linkable: secret?.linkable ?? true,
    },
  };

  const store = openStore(dataDir);
  let pool: StageWorkerPool | null = null;
  try {
    if (!(store instanceof SqliteStore)) throw new CliError('release needs the SQLite store (annotation cache and datasets)');
    const batchSize = Number(settings.batchSize);
    let source: ReleaseSource;
    let deletedConversations: number | null = null;
    if (datasetName === null) {
      const tombstones = await store.listTombstones();
      const tombstoned = new Set(tombstones.flatMap((tombstone) => (tombstone.conversationId === null ? [] : [tombstone.conversationId])));
      deletedConversations = tombstoned.size;
      source = {
        kind: 'collected',
        name: 'collected',
        rows: () => collectedRowBatches(store.iterateConversations({ batchSize }), config.branches, tombstoned),
        expectedRows: await store.countConversations(),
      };
    } else {
      const datasets = new SqliteDatasetStore(store.database);
      const info = await datasets.getDataset(datasetName);
      if (info === null) {
        const names = (await datasets.listDatasets()).map((dataset) => dataset.name);
        throw new CliError(`no dataset named ${datasetName} in ${dataDir}${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
      }
      source = { kind: 'imported', name: datasetName, rows: () => importedRowBatches(datasets.iterateRecords(info.id, { batchSize })), expectedRows: info.records };
    }

    // A re-run over unchanged input with the same config leaves the existing release alone.
    const state = releaseStateFor(store.database, config, source.kind === 'collected' ? null : datasetName, now, outDir);
    if (settings.force !== true && isUpToDate(readReleaseState(dataDir, outDir), state, store.database)) {
      stdout(`${outDir} is up to date (same input snapshot and config ${configHash(config).slice(0, 12)}); nothing to do (--force rebuilds)\n`);
      return { manifest: null, statistics: [], outDir, upToDate: true };
    }
    // A folder an earlier release run wrote (its state is on record) may be replaced without --overwrite.
    if (fs.existsSync(outDir) && settings.overwrite !== true && readReleaseState(dataDir, outDir) === null) {
      throw new CliError(`${out} already exists; choose another --out or pass --overwrite`);
    }

    const hasher = await xxhash();
    const stageOptions = {
      moderation,
      moderationConcurrency: Number(settings.moderationConcurrency),
      detoxifyThreshold: config.detoxifyThreshold,
      tokenEncoding: tokens.encoding,
      llama2Tokens: tokens.llama2,
      piiThreshold: config.piiThreshold,
      piiPersonThreshold: config.piiPersonThreshold,
      jailbreakThreshold: config.jailbreakThreshold,
      jailbreakTemplates: templates.templates,
    };
    let stages = await createPipelineStages({ ...stageOptions, moderationClient, detoxifyClassifier, hasher });
    const workerCount = Number(settings.workers);
    if (workerCount > 0) {
      pool = new StageWorkerPool(workerCount, stageOptions);
      await pool.started();
      stages = pooledStages(stages, pool, moderation === 'local');
    }
    // Keyed with the data folder's secret: the cache never holds a plain hash of any text. A new key
    // means the entries on disk were keyed the old (plain SHA-256) way; they are dropped, not reused.
    const cacheKey = loadOrCreateAnnotationCacheKey(dataDir);
    const storedCache = new SqliteAnnotationCache(store.database);
    if (cacheKey.created) await storedCache.clear();
    const cache = new KeyedAnnotationCache(storedCache, cacheKey.secret);

    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    const temporary = `${outDir}.tmp-${randomBytes(6).toString('hex')}`;
    fs.mkdirSync(temporary);
    const channels = new Map<VariantName, RecordChannel<readonly ReleaseRecord[]>>();
    const exports = new Map<VariantName, Promise<ExportReport>>();
    // The variants' writers convert one shard at a time between them, so only one DuckDB memory limit is live.
    const conversionQueue = createTaskQueue();
    const prettyName = text(settings.prettyName) ?? (datasetName === null ? 'Collected conversations' : datasetName);
    try {
      for (const variant of variants) {
        const channel = new RecordChannel<readonly ReleaseRecord[]>();
        channels.set(variant, channel);
        const exported = exportDataset({
          records: channel,
          outDir: path.join(temporary, variant),
          format,
          schema: config.schema,
          gzip: settings.gzip === true,
          shardRows: Number(settings.shardRows),
          shardBytes: Number(settings.shardBytes),
          rowGroupSize: Number(settings.rowGroupSize),
          compression: text(settings.compression) === 'snappy' ? 'snappy' : 'zstd',
          compressionLevel: Number(settings.compressionLevel),
          prettyName: `${prettyName} (${variant})`,
          license: text(settings.license) ?? 'odc-by',
          attributions: Array.isArray(settings.attribution) ? settings.attribution : [],
          duckDbThreads: Number(settings.duckdbThreads),
          // Each conversion gets the whole limit (a smaller share ran out of memory at 10k-row shards); the queue keeps them apart.
          duckDbMemoryLimit: text(settings.duckdbMemoryLimit) ?? '512MB',
          conversionQueue,
          progress: SILENT_PROGRESS,
        });
        // A writer that fails must stop the pipeline instead of leaving it waiting on a full channel.
        exported.catch((error: unknown) => channel.fail(error));
        exports.set(variant, exported);
      }
      let result;
      try {
        result = await runRelease({
          config,
          source,
          deletedConversations,
          now,
          stages,
          cache,
          hasher,
          ...(secret === null ? {} : { releaseSecret: secret.secret }),
          write: (variant, records) => (channels.get(variant) as RecordChannel<readonly ReleaseRecord[]>).push(records),
          progress: io.progress ?? createProgress(),
        });
      } catch (error) {
        for (const channel of channels.values()) channel.fail(error);
        await Promise.allSettled(exports.values());
        throw error;
      }
      for (const channel of channels.values()) channel.close();
      const dataFiles: Partial<Record<VariantName, { file: string; rows: number; bytes: number }[]>> = {};
      for (const [variant, exported] of exports) dataFiles[variant] = (await exported).shards;
      const manifest = { ...result.manifest };
      for (const variant of variants) {
        const entry = manifest.variants[variant];
        if (entry !== undefined) entry.data_files = dataFiles[variant];
        fs.appendFileSync(path.join(temporary, variant, 'README.md'), `\n${manifestCardSection(manifest, variant)}\n${profileCardSection(config.privacy ?? { profile: 'wildchat-compatible', timestampPrecision: 'second', kAnonymity: 1, linkable: true })}`);
      }
      fs.writeFileSync(path.join(temporary, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      replaceFolder(temporary, outDir);
      writeReleaseState(dataDir, state);

      const lines = [`released ${variants.map((variant) => `${variant}: ${(manifest.variants[variant]?.rows ?? 0).toLocaleString('en-US')} rows`).join(', ')} to ${outDir} (manifest.json)`];
      for (const counters of result.report.statistics) {
        const seconds = counters.milliseconds / 1000;
        lines.push(
          `  ${counters.stage}: ${counters.messages.toLocaleString('en-US')} messages, ${counters.computed.toLocaleString('en-US')} computed, ${counters.cached.toLocaleString('en-US')} cached, ` +
            `${seconds.toFixed(1)} s${seconds > 0 && counters.messages > 0 ? `, ${formatAmount(counters.messages / seconds, 'messages')}/s` : ''}`,
        );
      }
      stdout(`${lines.join('\n')}\n`);
      return { manifest, statistics: result.report.statistics, outDir, upToDate: false };
    } finally {
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  } finally {
    await pool?.close();
    await store.close();
  }
}

/** Moves the finished folder into place; an existing one is swapped out only once the new one is complete. */
function replaceFolder(from: string, to: string): void {
  if (fs.existsSync(to)) {
    const previous = `${to}.old-${randomBytes(6).toString('hex')}`;
    fs.renameSync(to, previous);
    fs.renameSync(from, to);
    fs.rmSync(previous, { recursive: true, force: true });
  } else {
    fs.renameSync(from, to);
  }
}

export function registerReleaseCommand(program: Command): void {
  const command = program
    .command('release')
    .description('Annotate (language, PII, moderation, tokens, duplicates, jailbreaks), filter and write the public release: variants full and non-toxic plus manifest.json.');
  addSettingOptions(command, 'release').action(async (options: Record<string, unknown>) => {
    await runReleaseCommand(options);
  });
}
