/**
 * Spreads the CPU-bound message stages (language, local moderation, tokens, PII spans, jailbreak)
 * over worker threads, so a release uses every core while the main thread reads, deduplicates,
 * assembles and writes. `pooledStages` swaps those stages for proxies with the same name and
 * version (so cache keys do not change); the rest stay as they are.
 *
 * The stages of a batch ask for their work at about the same moment and mostly for the same
 * messages, so requests made in one turn of the event loop go out together: each worker gets the
 * distinct messages of its share once, with the positions each stage needs, instead of one copy of
 * the texts per stage. Each stage's results still come back on their own as soon as they are done.
 */
import { Worker } from 'node:worker_threads';
import { workerBootstrap } from '../core/worker-bootstrap.ts';
import type { MessageInput, Stage } from '../pipeline/stage.ts';
import type { PipelineStages } from '../pipeline/runner/pipeline-stages.ts';
import type { StagePart, StageReply, StageRequest, WorkerStageOptions } from './stage-worker.ts';

interface PendingPart {
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

interface QueuedRun {
  stage: string;
  batch: readonly MessageInput[];
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

/** One worker's share of a flush: its distinct messages and the parts (stage + positions) asked of them. */
interface WorkerShare {
  messages: MessageInput[];
  positions: Map<MessageInput, number>;
  parts: StagePart[];
  pending: PendingPart[];
}

/** Below this many messages a batch is not split (the round trip costs more than it saves). */
const MINIMUM_SPLIT = 16;

export class StageWorkerPool {
  private readonly workers: Worker[] = [];
  /** Per request id, one entry per part, in the order of the request's parts. */
  private readonly pending = new Map<number, (PendingPart | null)[]>();
  private readonly ready: Promise<void>[] = [];
  private queued: QueuedRun[] = [];
  private flushScheduled = false;
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
        this.settle(reply);
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

  private settle(reply: StageReply): void {
    const parts = this.pending.get(reply.id);
    if (parts === undefined) return;
    if ('error' in reply) {
      this.pending.delete(reply.id);
      const error = new Error(`stage worker: ${reply.error}`);
      for (const part of parts) part?.reject(error);
      return;
    }
    const part = parts[reply.part];
    if (part === undefined || part === null) return;
    parts[reply.part] = null;
    part.resolve(reply.results);
    if (parts.every((entry) => entry === null)) this.pending.delete(reply.id);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const parts of this.pending.values()) for (const part of parts) part?.reject(error);
    this.pending.clear();
    const queued = this.queued;
    this.queued = [];
    for (const run of queued) run.reject(error);
  }

  /** Runs `stage` over `batch`, split evenly across the workers; results keep the input order. */
  run(stage: string, batch: readonly MessageInput[]): Promise<unknown[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (batch.length === 0) return Promise.resolve([]);
    return new Promise<unknown[]>((resolve, reject) => {
      this.queued.push({ stage, batch, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: the other stages of the batch ask after their own cache
        // lookups, which settle in later microtasks of the same turn.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const queued = this.queued;
    this.queued = [];
    if (this.failure !== null) {
      for (const run of queued) run.reject(this.failure);
      return;
    }
    const shares: WorkerShare[] = this.workers.map(() => ({ messages: [], positions: new Map(), parts: [], pending: [] }));
    for (const run of queued) {
      const parts = run.batch.length < MINIMUM_SPLIT ? 1 : this.workers.length;
      const size = Math.ceil(run.batch.length / parts);
      const chunkResults: Promise<unknown[]>[] = [];
      for (let start = 0, chunk = 0; start < run.batch.length; start += size, chunk += 1) {
        const workerIndex = parts === 1 ? this.nextWorker++ % this.workers.length : chunk;
        const share = shares[workerIndex] as WorkerShare;
        const positions: number[] = [];
        for (const message of run.batch.slice(start, start + size)) {
          let position = share.positions.get(message);
          if (position === undefined) {
            position = share.messages.length;
            share.messages.push(message);
            share.positions.set(message, position);
          }
          positions.push(position);
        }
        share.parts.push({ stage: run.stage, positions });
        chunkResults.push(new Promise<unknown[]>((resolve, reject) => share.pending.push({ resolve, reject })));
      }
      Promise.all(chunkResults).then((results) => run.resolve(results.flat()), run.reject);
    }
    shares.forEach((share, workerIndex) => {
      if (share.parts.length === 0) return;
      const id = this.nextId++;
      this.pending.set(id, share.pending);
      (this.workers[workerIndex] as Worker).postMessage({ id, messages: share.messages, parts: share.parts } satisfies StageRequest);
    });
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
