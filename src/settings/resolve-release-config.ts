/**
 * The `release` settings from flags, environment and defaults, checked and typed: the CLI
 * passes the result to src/jobs/release-job.ts as is. Values the run records (thresholds,
 * dedup, tokens) appear once here; the job derives the manifest's ReleaseConfig and the stage
 * options from them.
 */
import path from 'node:path';
import { parseDedupPolicy } from '../pipeline/dedup/dedup-policy.ts';
import { DETOXIFY_KEYS, type DetoxifyKey } from '../pipeline/moderation/detoxify-classifier.ts';
import type { OpenAIEncoding } from '../pipeline/tokens/token-counter.ts';
import { VARIANT_NAMES, type VariantName } from '../release/release-filters.ts';
import { parseReleaseTime } from '../release/parse-release-time.ts';
import { parseTurnStatusPolicy, type TurnStatusPolicy } from '../release/turn-status-policy.ts';
import { TIMESTAMP_PRECISIONS, type ReleaseProfile, type TimestampPrecision } from '../release/anonymise/release-profile.ts';
import { commandSettings } from './command-settings.ts';
import { resolveDatasetOutput, type DatasetOutputConfig } from './resolve-dataset-output.ts';
import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';
import { serveSettings } from './serve-settings.ts';
import type { ReleaseShardingConfig } from './release-shard-settings.ts';

export type ModerationBackendConfig =
  | { kind: 'local' }
  | { kind: 'none' }
  /** An in-process Detoxify-class model; `labels` maps the model's label names to Detoxify keys (on top of the known names). */
  | { kind: 'onnx'; model: string; labels: Record<string, DetoxifyKey> }
  /** The OpenAI moderation endpoint (or a compatible one); defaults to the serve upstream. */
  | { kind: 'openai'; baseUrl: string; apiKey: string | null; model: string };

/** Where in-process models come from and how they run (src/models). */
export interface ModelRuntimeConfig {
  cacheDir: string;
  hubUrl: string;
  hubToken: string | null;
  batchSize: number;
  threads: number;
}

export type PiiBackendConfig = { backend: 'offline' } | { backend: 'ner'; model: string };

export interface ReleaseCommandConfig {
  output: DatasetOutputConfig;
  pii: PiiBackendConfig;
  models: ModelRuntimeConfig;
  variants: VariantName[];
  moderation: ModerationBackendConfig;
  moderationConcurrency: number;
  /** A Detoxify HTTP service, or null for no detoxify_moderation. */
  detoxify: { url: string; model: string } | null;
  toxicityThreshold: number;
  reviewWindowDays: number;
  /** Epoch ms, or null. */
  since: number | null;
  until: number | null;
  /** The run's clock given with --now (epoch ms), or null for the current time. */
  now: number | null;
  /** Sorted; null accepts every recorded terms version. */
  acceptedTermsVersions: string[] | null;
  branches: 'kept' | 'all';
  /** The policy as written (keep, drop, cap(N)); already checked to parse. */
  dedupPolicy: string;
  turnStatus: TurnStatusPolicy;
  dedupLevel: 'exact' | 'near';
  dedupText: 'conversation' | 'first-user-turn';
  piiThreshold: number;
  piiPersonThreshold: number;
  jailbreakThreshold: number;
  languageDetector: 'stage' | 'combined';
  /** Absolute path of the extra jailbreak templates file, or null. */
  jailbreakTemplatesFile: string | null;
  tokenEncoding: OpenAIEncoding;
  llama2Tokens: boolean;
  batchSize: number;
  workers: number;
  /** Below this many input conversations no worker thread is started. */
  workersFrom: number;
  force: boolean;
  /** The privacy profile and its knobs (src/release/anonymise). */
  privacy: { profile: ReleaseProfile; timestampPrecision: TimestampPrecision; kAnonymity: number };
  /** Where the anonymised profile keeps its secret, or null for a fresh one discarded after the run. */
  releaseSecretFile: string | null;
  /** Where to list the dropped conversations (ids and reasons), or null. */
  listDropped: string | null;
  /** A release sharded over worker processes (--sharded), or null for one process. */
  sharding: ReleaseShardingConfig | null;
}

function timeSetting(key: 'now' | 'since' | 'until', raw: string | null): number | null {
  if (raw === null) return null;
  const time = parseReleaseTime(raw);
  if (time === null)
    throw new SettingError(key, `--${key} ${JSON.stringify(raw)} is not an ISO 8601 date or date-time (e.g. 2024-04-30 or 2024-04-30T12:00:00Z)`);
  return time;
}

function tokenizers(items: readonly string[]): { encoding: OpenAIEncoding; llama2: boolean } {
  const unknown = items.filter((item) => item !== 'o200k_base' && item !== 'cl100k_base' && item !== 'llama2');
  if (unknown.length > 0)
    throw new SettingError('tokenizers', `--tokenizers: unknown tokenizer ${unknown.join(', ')} (expected o200k_base or cl100k_base, and optionally llama2)`);
  const encoding = items.find((item): item is OpenAIEncoding => item === 'o200k_base' || item === 'cl100k_base') ?? 'o200k_base';
  return { encoding, llama2: items.includes('llama2') };
}

function isVariant(value: string): value is VariantName {
  return (VARIANT_NAMES as readonly string[]).includes(value);
}

export function resolveReleaseConfig(
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): ReleaseCommandConfig {
  const output = resolveDatasetOutput('release', options, env, context);
  const settings = resolveSettingsTable(commandSettings, 'release', options, env, context);
  let turnStatus: TurnStatusPolicy;
  try {
    turnStatus = parseTurnStatusPolicy(settings.turnStatus);
  } catch (error) {
    throw new SettingError('turnStatus', `--turn-status: ${(error as Error).message}`);
  }
  try {
    parseDedupPolicy(settings.dedup);
  } catch (error) {
    throw new SettingError('dedup', `--dedup: ${(error as Error).message}`);
  }
  const now = timeSetting('now', settings.now);
  const since = timeSetting('since', settings.since);
  const until = timeSetting('until', settings.until);
  const tokens = tokenizers(settings.tokenizers);
  const variants = settings.variant === 'all' ? [...VARIANT_NAMES] : isVariant(settings.variant) ? [settings.variant] : [...VARIANT_NAMES];
  return {
    output,
    pii: piiBackend(settings.piiBackend, settings.piiNerModel),
    models: {
      cacheDir: settings.modelCacheDir ?? path.join(output.dataDir, 'models'),
      hubUrl: settings.hubUrl,
      hubToken: settings.hubToken,
      batchSize: settings.modelBatchSize,
      threads: settings.modelThreads,
    },
    variants,
    moderation:
      settings.moderation === 'onnx'
        ? onnxModeration(settings.moderationOnnxModel, settings.moderationOnnxLabels)
        : moderationBackend(settings.moderation, settings.moderationUrl, settings.moderationKey, settings.moderationModel, env, context),
    moderationConcurrency: settings.moderationConcurrency,
    detoxify: settings.detoxifyUrl === null ? null : { url: settings.detoxifyUrl, model: settings.detoxifyModel },
    toxicityThreshold: settings.toxicityThreshold,
    reviewWindowDays: settings.reviewWindow,
    since,
    until,
    now,
    acceptedTermsVersions: settings.acceptedTermsVersions === null ? null : [...settings.acceptedTermsVersions].sort(),
    branches: settings.branches === 'all' ? 'all' : 'kept',
    dedupPolicy: settings.dedup,
    turnStatus,
    dedupLevel: settings.dedupLevel === 'exact' ? 'exact' : 'near',
    dedupText: settings.dedupText === 'first-user-turn' ? 'first-user-turn' : 'conversation',
    piiThreshold: settings.piiThreshold,
    piiPersonThreshold: settings.piiPersonThreshold,
    jailbreakThreshold: settings.jailbreakThreshold,
    languageDetector: settings.languageDetector === 'combined' ? 'combined' : 'stage',
    jailbreakTemplatesFile: settings.jailbreakTemplates,
    tokenEncoding: tokens.encoding,
    llama2Tokens: tokens.llama2,
    batchSize: settings.batchSize,
    workers: settings.workers,
    workersFrom: settings.workersFrom,
    force: settings.force,
    privacy: {
      profile: settings.profile === 'wildchat-compatible' ? 'wildchat-compatible' : 'anonymised',
      timestampPrecision: (TIMESTAMP_PRECISIONS as readonly string[]).includes(settings.timestampPrecision)
        ? (settings.timestampPrecision as TimestampPrecision)
        : 'hour',
      kAnonymity: settings.kAnonymity,
    },
    releaseSecretFile: settings.releaseSecretFile,
    listDropped: settings.listDropped,
    sharding: settings.sharded ? { workers: settings.shardWorkers, shardConversations: settings.shardSize, timeoutSeconds: settings.shardTimeout } : null,
  };
}

type UpstreamRow = Extract<(typeof serveSettings)[number], { key: 'upstreamUrl' | 'upstreamKey' }>;
function isUpstreamRow(row: (typeof serveSettings)[number]): row is UpstreamRow {
  return row.key === 'upstreamUrl' || row.key === 'upstreamKey';
}

function piiBackend(backend: string, model: string | null): PiiBackendConfig {
  if (backend !== 'ner') return { backend: 'offline' };
  if (model === null || model.trim() === '')
    throw new SettingError('piiNerModel', '--pii-backend ner needs --pii-ner-model (a model folder or hf:owner/name@<commit>; see docs/models.md)');
  return { backend: 'ner', model };
}

function onnxModeration(model: string | null, labels: readonly string[] | null): ModerationBackendConfig {
  if (model === null || model.trim() === '')
    throw new SettingError(
      'moderationOnnxModel',
      '--moderation onnx needs --moderation-onnx-model (a model folder or hf:owner/name@<commit>; see docs/models.md)',
    );
  const mapping: Record<string, DetoxifyKey> = {};
  for (const pair of labels ?? []) {
    const [label, key, ...rest] = pair.split('=').map((part) => part.trim());
    if (label === undefined || label === '' || key === undefined || rest.length > 0 || !(DETOXIFY_KEYS as readonly string[]).includes(key))
      throw new SettingError(
        'moderationOnnxLabels',
        `--moderation-onnx-labels: ${JSON.stringify(pair)} is not label=key with key one of ${DETOXIFY_KEYS.join(', ')}`,
      );
    mapping[label] = key as DetoxifyKey;
  }
  return { kind: 'onnx', model, labels: mapping };
}

function moderationBackend(
  kind: string,
  url: string | null,
  key: string | null,
  model: string,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext,
): ModerationBackendConfig {
  if (kind === 'none') return { kind: 'none' };
  if (kind !== 'openai') return { kind: 'local' };
  // Without their own URL and key, moderation requests go where the chats go (only those two
  // serve settings are read, so an unrelated bad serve variable cannot fail a release).
  const serve = resolveSettingsTable(serveSettings.filter(isUpstreamRow), 'serve', {}, env, context);
  return { kind: 'openai', baseUrl: url ?? serve.upstreamUrl, apiKey: key ?? serve.upstreamKey, model };
}
