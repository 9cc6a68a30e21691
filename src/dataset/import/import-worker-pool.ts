/**
 * Worker threads for `wildchat import`: batches of row texts go round-robin to the workers and
 * come back in submission order, while the main thread reads ahead and inserts earlier batches.
 */
import { Worker } from 'node:worker_threads';
import { workerBootstrap } from '../../core/worker-bootstrap.ts';
import type { ImportFormat } from './import-format.ts';
import type { ImportWorkerReply, ImportWorkerResult } from './import-worker.ts';

interface PendingRequest {
  resolve: (results: ImportWorkerResult[]) => void;
  reject: (error: Error) => void;
}

export class ImportWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private nextWorker = 0;
  private failure: Error | null = null;

  constructor(size: number) {
    const bootstrap = workerBootstrap(import.meta.url, 'import-worker');
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(bootstrap, { eval: true, execArgv: [] });
      worker.on('message', (reply: ImportWorkerReply | { ready: true }) => {
        if ('ready' in reply) return;
        const request = this.pending.get(reply.id);
        if (request === undefined) return;
        this.pending.delete(reply.id);
        if ('failure' in reply) request.reject(new Error(reply.failure));
        else request.resolve(reply.results);
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`import worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }

  /** Results in the order of `texts`. */
  serialize(format: ImportFormat, texts: string[]): Promise<ImportWorkerResult[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[this.nextWorker++ % this.workers.length] as Worker;
    return new Promise<ImportWorkerResult[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, format, texts });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
