/**
 * Worker thread of the stage pool: builds the CPU-bound message stages from plain options and
 * answers `{id, messages, parts}` requests: each part names a stage and the positions of its
 * messages in `messages` (sent once for all the parts), and gets its own `{id, part, results}`
 * reply as soon as it is done (or one `{id, error}` for the whole request).
 */
import { parentPort, workerData } from 'node:worker_threads';
import xxhash from 'xxhash-wasm';
import '../resources/provide-data-packages.ts';
import type { MessageInput, Stage } from '../pipeline/stage.ts';
import { createPipelineStages, type PipelineStageOptions } from '../pipeline/runner/pipeline-stages.ts';

/** In-process models (NER, ONNX moderation) stay on the main thread: one copy of the weights, and ONNX Runtime has its own threads. */
export type WorkerStageOptions = Omit<PipelineStageOptions, 'hasher' | 'moderationClient' | 'detoxifyClassifier' | 'moderationClassifier' | 'piiTagger'>;

export interface StagePart {
  stage: string;
  /** Positions in the request's `messages`. */
  positions: number[];
}

export interface StageRequest {
  id: number;
  messages: MessageInput[];
  parts: StagePart[];
}

export type StageReply = { id: number; part: number; results: unknown[] } | { id: number; error: string };

const port = parentPort;
if (port === null) throw new Error('stage-worker.ts must run in a worker thread');
const options = (workerData as { options: WorkerStageOptions }).options;
const stages = await createPipelineStages({ ...options, moderation: options.moderation === 'local' ? 'local' : 'none', hasher: await xxhash() });
const byName = new Map<string, Stage<MessageInput, unknown>>(
  [stages.language, stages.moderation, stages.tokens, stages.piiSpans, stages.jailbreak].map((stage) => [stage.name, stage as Stage<MessageInput, unknown>]),
);

async function answer(request: StageRequest): Promise<void> {
  for (const [index, part] of request.parts.entries()) {
    const stage = byName.get(part.stage);
    if (stage === undefined) throw new Error(`no stage ${part.stage} in the worker`);
    const results = await stage.run(part.positions.map((position) => request.messages[position] as MessageInput));
    port?.postMessage({ id: request.id, part: index, results: [...results] } satisfies StageReply);
  }
}

port.on('message', (request: StageRequest) => {
  // Stage errors carry our own messages, never message text.
  answer(request).catch((error: unknown) =>
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies StageReply),
  );
});
port.postMessage({ ready: true });
