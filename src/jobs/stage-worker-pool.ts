/**
 * Spreads the CPU-bound message stages (language, local moderation, tokens, PII spans, jailbreak)
 * over worker threads, so a release uses every core while the main thread reads, deduplicates,
 * assembles and writes. `pooledStages` swaps those stages for proxies with the same name and
 * version (so cache keys do not change); the rest stay as they are.
 */
import { Worker } from 'node:worker_threads';
import { workerBootstrap } from '../core/worker-bootstrap.ts';
import type { MessageInput, Stage } from '../pipeline/stage.ts';
import type { PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import type { StageReply, WorkerStageOptions } from './stage-worker.ts';

interface PendingRequest {
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

/** Below this many messages a batch is not split (the round trip costs more than it saves). */
const MINIMUM_SPLIT = 16;

export class StageWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, PendingRequest>();
  private readonly ready: Promise<void>[] = [];
  private nextId = 1;
  private nextWorker = 0;
  private failure: Error | null = null;

  constructor(size: number, options: WorkerStageOptions) {
    const bootstrap = workerBootstrap(import.meta.url, 'stage-worker');
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: { options } });
      this.ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
      );
      worker.on('message', (reply: StageReply | { ready: true }) => {
        if ('ready' in reply) return;
        const request = this.pending.get(reply.id);
        if (request === undefined) return;
        this.pending.delete(reply.id);
        if ('error' in reply) request.reject(new Error(`stage worker: ${reply.error}`));
        else request.resolve(reply.results);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`stage worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  async started(): Promise<void> {
    await Promise.all(this.ready);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }

  private request(stage: string, batch: MessageInput[]): Promise<unknown[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length] as Worker;
    return new Promise<unknown[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, stage, batch });
    });
  }

  /** Runs `stage` over `batch`, split evenly across the workers; results keep the input order. */
  async run(stage: string, batch: readonly MessageInput[]): Promise<unknown[]> {
    const parts = batch.length < MINIMUM_SPLIT ? 1 : this.workers.length;
    const size = Math.ceil(batch.length / parts);
    const chunks: MessageInput[][] = [];
    for (let start = 0; start < batch.length; start += size) chunks.push(batch.slice(start, start + size));
    const results = await Promise.all(chunks.map((chunk) => this.request(stage, chunk)));
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}

function proxy<Output>(stage: Stage<MessageInput, Output>, pool: StageWorkerPool): Stage<MessageInput, Output> {
  return { name: stage.name, version: stage.version, run: async (batch) => (await pool.run(stage.name, batch)) as Output[] };
}

/** The stages with the CPU-bound ones running in the pool. */
export function pooledStages(stages: PipelineStages, pool: StageWorkerPool, moderationIsLocal: boolean, piiUsesModel = false): PipelineStages {
  return {
    ...stages,
    language: proxy(stages.language, pool),
    moderation: moderationIsLocal ? proxy(stages.moderation, pool) : stages.moderation,
    tokens: proxy(stages.tokens, pool),
    piiSpans: piiUsesModel ? stages.piiSpans : proxy(stages.piiSpans, pool),
    jailbreak: proxy(stages.jailbreak, pool),
  };
}
