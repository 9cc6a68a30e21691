/**
 * The edge that builds what the pure release stages need from a release config: the
 * moderation and Detoxify clients, the jailbreak templates file, the xxhash module and the
 * worker threads. The stages themselves stay free of I/O.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { parseJailbreakTemplates, templateFormatFromPath, type JailbreakTemplate } from '../pipeline/jailbreak/jailbreak-template-file.ts';
import { HttpDetoxifyClassifier } from '../llm/http-detoxify-classifier.ts';
import { OpenAIModerationClient } from '../llm/openai-moderation-client.ts';
import { createPipelineStages, type PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import type { ReleaseConfig } from '../release/release-config.ts';
import type { ReleaseCommandConfig } from '../settings/resolve-release-config.ts';
import type { ProgressSink } from '../core/progress-sink.ts';
import { JobError } from './job-error.ts';
import { openReleaseModels } from './release-models.ts';
import { ModelError } from '../models/model-error.ts';
import { modelIdentity } from '../models/model-identity.ts';
import type { WorkerStageOptions } from './stage-worker.ts';
import { pooledStages, StageWorkerPool } from './stage-worker-pool.ts';

export interface JailbreakTemplatesFile {
  templates: JailbreakTemplate[] | null;
  /** SHA-256 of the file's content (recorded in the manifest), or null without a file. */
  sha256: string | null;
}

export function readJailbreakTemplates(file: string | null): JailbreakTemplatesFile {
  if (file === null) return { templates: null, sha256: null };
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new JobError(`cannot read --jailbreak-templates ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const templates = parseJailbreakTemplates(content, templateFormatFromPath(file));
    return { templates, sha256: createHash('sha256').update(content, 'utf8').digest('hex') };
  } catch (error) {
    throw new JobError(`--jailbreak-templates ${path.basename(file)}: ${(error as Error).message}`);
  }
}

/** A model setting's identity for the manifest; a malformed setting is the user's error, said plainly. */
function identityOf(setting: string): string {
  try {
    return modelIdentity(setting);
  } catch (error) {
    if (error instanceof ModelError) throw new JobError(error.message, { cause: error });
    throw error;
  }
}

/** The settings of a run as the manifest records them (their hash decides whether a re-run is up to date). */
export function manifestConfig(config: ReleaseCommandConfig, templatesSha256: string | null, linkable = true): ReleaseConfig {
  const { moderation } = config;
  return {
    source: config.output.dataset === null ? 'collected' : `dataset:${config.output.dataset}`,
    variants: [...config.variants],
    format: config.output.format,
    schema: config.output.schema,
    branches: config.branches,
    moderation:
      moderation.kind === 'openai' ? `openai:${moderation.model}` : moderation.kind === 'onnx' ? `onnx:${identityOf(moderation.model)}` : moderation.kind,
    detoxify: config.detoxify?.model ?? (moderation.kind === 'onnx' ? `onnx:${identityOf(moderation.model)}` : null),
    ...(config.pii.backend === 'ner' ? { piiBackend: `ner:${identityOf(config.pii.model)}` } : {}),
    detoxifyThreshold: config.toxicityThreshold,
    reviewWindowDays: config.reviewWindowDays,
    since: config.since === null ? null : new Date(config.since).toISOString(),
    until: config.until === null ? null : new Date(config.until).toISOString(),
    acceptedTermsVersions: config.acceptedTermsVersions,
    dedupPolicy: config.dedupPolicy,
    // Imported datasets are released as published: the policy is not part of their config.
    ...(config.output.dataset === null ? { turnStatus: config.turnStatus } : {}),
    dedupLevel: config.dedupLevel,
    dedupText: config.dedupText,
    piiThreshold: config.piiThreshold,
    piiPersonThreshold: config.piiPersonThreshold,
    jailbreakThreshold: config.jailbreakThreshold,
    ...(config.languageDetector === 'combined' ? { languageDetector: 'combined' as const } : {}),
    jailbreakTemplates: templatesSha256,
    tokenEncoding: config.tokenEncoding,
    llama2Tokens: config.llama2Tokens,
    now: config.now === null ? null : new Date(config.now).toISOString(),
    privacy: { ...config.privacy, linkable },
  };
}

export interface ReleaseRuntime {
  stages: PipelineStages;
  hasher: XXHashAPI;
  /** Stops the worker threads; idempotent. */
  close(): Promise<void>;
}

/**
 * The stages of a release, on `config.workers` worker threads when that is above 0 and the input
 * holds at least `config.workersFrom` conversations (`expectedRows`; null when unknown, which
 * counts as large).
 */
export async function openReleaseRuntime(
  config: ReleaseCommandConfig,
  templates: JailbreakTemplatesFile,
  expectedRows: number | null,
  progress?: ProgressSink,
): Promise<ReleaseRuntime> {
  const { moderation } = config;
  const workerOptions: WorkerStageOptions = {
    moderation: moderation.kind,
    moderationConcurrency: config.moderationConcurrency,
    detoxifyThreshold: config.toxicityThreshold,
    tokenEncoding: config.tokenEncoding,
    llama2Tokens: config.llama2Tokens,
    piiThreshold: config.piiThreshold,
    piiPersonThreshold: config.piiPersonThreshold,
    jailbreakThreshold: config.jailbreakThreshold,
    languageDetector: config.languageDetector,
    jailbreakTemplates: templates.templates,
  };
  const moderationClient =
    moderation.kind === 'openai' ? new OpenAIModerationClient({ baseUrl: moderation.baseUrl, apiKey: moderation.apiKey, model: moderation.model }) : null;
  const models = await openReleaseModels(config, progress);
  // The ONNX moderation model also gives the Detoxify scores, unless a Detoxify service is configured.
  const detoxifyClassifier =
    config.detoxify === null ? models.moderationClassifier : new HttpDetoxifyClassifier({ url: config.detoxify.url, model: config.detoxify.model });
  const hasher = await xxhash();
  let stages = await createPipelineStages({
    ...workerOptions,
    moderationClient,
    detoxifyClassifier,
    moderationClassifier: models.moderationClassifier,
    piiTagger: models.piiTagger,
    hasher,
  });
  let pool: StageWorkerPool | null = null;
  if (config.workers > 0 && (expectedRows === null || expectedRows >= config.workersFrom)) {
    pool = new StageWorkerPool(config.workers, workerOptions);
    try {
      await pool.started();
    } catch (error) {
      await pool.close();
      throw error;
    }
    stages = pooledStages(stages, pool, moderation.kind === 'local', models.piiTagger !== null);
  }
  return { stages, hasher, close: async () => pool?.close() };
}
