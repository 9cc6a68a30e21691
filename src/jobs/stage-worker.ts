/**
 * Worker thread of the stage pool: builds the CPU-bound message stages from plain options and
 * answers `{id, stage, batch}` requests with `{id, results}` (or `{id, error}`). Stages that need
 * a network client (OpenAI moderation, Detoxify) stay on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import xxhash from 'xxhash-wasm';
import '../resources/provide-data-packages.ts';
import type { MessageInput, Stage } from '../pipeline/stage.ts';
import { createPipelineStages, type PipelineStageOptions } from '../pipeline/runner/pipeline-stages.ts';

/** In-process models (NER, ONNX moderation) stay on the main thread: one copy of the weights, and ONNX Runtime has its own threads. */
export type WorkerStageOptions = Omit<PipelineStageOptions, 'hasher' | 'moderationClient' | 'detoxifyClassifier' | 'moderationClassifier' | 'piiTagger'>;

export interface StageRequest {
  id: number;
  stage: string;
  batch: MessageInput[];
}

export type StageReply = { id: number; results: unknown[] } | { id: number; error: string };

const port = parentPort;
if (port === null) throw new Error('stage-worker.ts must run in a worker thread');
const options = (workerData as { options: WorkerStageOptions }).options;
const stages = await createPipelineStages({ ...options, moderation: options.moderation === 'local' ? 'local' : 'none', hasher: await xxhash() });
const byName = new Map<string, Stage<MessageInput, unknown>>(
  [stages.language, stages.moderation, stages.tokens, stages.piiSpans, stages.jailbreak].map((stage) => [stage.name, stage as Stage<MessageInput, unknown>]),
);

port.on('message', (request: StageRequest) => {
  const stage = byName.get(request.stage);
  if (stage === undefined) {
    port.postMessage({ id: request.id, error: `no stage ${request.stage} in the worker` } satisfies StageReply);
    return;
  }
  stage.run(request.batch).then(
    (results) => port.postMessage({ id: request.id, results: [...results] } satisfies StageReply),
    // Stage errors carry our own messages, never message text.
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies StageReply),
  );
});
port.postMessage({ ready: true });
