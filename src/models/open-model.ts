/**
 * The one entry point the backends use: a model setting (folder or pinned hub id) → a loaded
 * model whose id names exactly the weights (hub id + commit, or the folder's content hash), so
 * the annotation cache never mixes results of two models.
 */
import path from 'node:path';
import type { ProgressSink } from '../core/progress-sink.ts';
import { createNodeHttpTransport, type UpstreamTransport } from '../llm/upstream-transport.ts';
import { ensureHubModel } from './hub-model.ts';
import { modelIdentity } from './model-identity.ts';
import { parseModelReference } from './model-reference.ts';
import { loadModel, type LoadedModel } from './onnx-model.ts';

export interface OpenModelOptions {
  /** Where hub models are cached (the data dir's models folder). */
  cacheDir: string;
  hubUrl?: string;
  token?: string | null;
  transport?: UpstreamTransport;
  progress?: ProgressSink;
  batchSize?: number;
  threads?: number;
}

export async function openModel(setting: string, options: OpenModelOptions): Promise<LoadedModel> {
  const reference = parseModelReference(setting);
  const run = { batchSize: options.batchSize, threads: options.threads };
  if (reference.kind === 'folder') {
    const folder = path.resolve(reference.path);
    const model = await loadModel(folder, run);
    return { ...model, id: modelIdentity(folder) };
  }
  const folder = await ensureHubModel({
    id: reference.id,
    revision: reference.revision,
    cacheDir: options.cacheDir,
    transport: options.transport ?? createNodeHttpTransport({ maxSockets: 4 }),
    hubUrl: options.hubUrl,
    token: options.token,
    progress: options.progress,
  });
  return loadModel(folder, { ...run, id: `${reference.id}@${reference.revision}` });
}
