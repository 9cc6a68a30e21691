/**
 * Checkpoints the WAL from a timer instead of from inside commits. With synchronous=NORMAL a WAL
 * commit does not fsync; the checkpoint does, and SQLite's automatic one runs inside whichever
 * commit crosses the threshold, on the event loop, every few dozen turns. Here a PASSIVE
 * checkpoint runs at most once a second, only after writes, and never waits for readers. The
 * automatic checkpoint stays on with a high threshold as the bound for work that does not yield to
 * the event loop (a long import), and a WAL that readers kept from being recycled is restarted
 * once they let go. A serving store runs the checkpoint in a worker thread on its own connection,
 * so its copying and fsync never stall requests; other commands checkpoint on their own handle.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { workerBootstrap } from '../../core/worker-bootstrap.ts';
import { checkpointWal } from './wal-checkpoint.ts';
import type { CheckpointWorkerReply } from './wal-checkpoint-worker.ts';

export interface WalCheckpointerOptions {
  /** Between timer checkpoints (default 1 s). */
  intervalMilliseconds?: number;
  /** Has anything been committed since the last call? (resets the flag) */
  takeDirtyFlag: () => boolean;
  /** Checkpoint from a worker thread with its own connection (default: on this handle). */
  inWorker?: boolean;
}

/** Pages (4 KiB each by default): about 40 MB before SQLite checkpoints inside a commit. */
export const AUTOCHECKPOINT_PAGES = 10_000;
/** How long stop() waits for the worker to close its connection (it may be mid-checkpoint). */
const WORKER_STOP_WAIT_MILLISECONDS = 2_000;

export class WalCheckpointer {
  readonly #database: Database;
  readonly #takeDirtyFlag: () => boolean;
  #timer: NodeJS.Timeout | null;
  /** The last checkpoint left frames behind (a reader held them): try again without new writes. */
  #unfinished = false;
  #worker: Worker | null = null;
  #workerStopped: Int32Array | null = null;
  #workerBusy = false;

  constructor(database: Database, options: WalCheckpointerOptions) {
    this.#database = database;
    this.#takeDirtyFlag = options.takeDirtyFlag;
    if (options.inWorker === true) this.#startWorker();
    this.#timer = setInterval(() => this.#tick(), options.intervalMilliseconds ?? 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const worker = this.#worker;
    const stopped = this.#workerStopped;
    this.#worker = null;
    if (worker === null || stopped === null) return;
    worker.postMessage({ type: 'stop' });
    // Synchronous on purpose: the caller closes the main connection next and expects to be the last one.
    Atomics.wait(stopped, 0, 0, WORKER_STOP_WAIT_MILLISECONDS);
  }

  #startWorker(): void {
    const stopped = new SharedArrayBuffer(4);
    const worker = new Worker(workerBootstrap(import.meta.url, 'wal-checkpoint-worker'), {
      eval: true,
      execArgv: [],
      workerData: { path: this.#database.name, stopped },
    });
    worker.unref();
    worker.on('message', (reply: CheckpointWorkerReply) => {
      this.#workerBusy = false;
      this.#unfinished = reply.type === 'failed' || reply.unfinished;
    });
    // A worker that cannot run leaves the checkpoints to this thread, as for any other command.
    const fallBack = (): void => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#workerBusy = false;
    };
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
    this.#worker = worker;
    this.#workerStopped = new Int32Array(stopped);
  }

  #tick(): void {
    if (!this.#database.open) {
      this.stop();
      return;
    }
    if (this.#workerBusy) return;
    const dirty = this.#takeDirtyFlag();
    if (!dirty && !this.#unfinished) return;
    if (this.#worker !== null) {
      this.#workerBusy = true;
      this.#worker.postMessage({ type: 'checkpoint' });
      return;
    }
    try {
      this.#unfinished = this.#checkpointHere();
    } catch {
      // A timer must not crash the process; the automatic checkpoint still bounds the WAL.
    }
  }

  /** Never waits on another connection: a busy checkpoint simply tries again on a later tick. */
  #checkpointHere(): boolean {
    const busyTimeout = this.#database.pragma('busy_timeout', { simple: true });
    this.#database.pragma('busy_timeout = 0');
    try {
      return checkpointWal(this.#database);
    } finally {
      this.#database.pragma(`busy_timeout = ${Number(busyTimeout)}`);
    }
  }
}
