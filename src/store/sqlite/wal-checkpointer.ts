/**
 * Checkpoints the WAL from a timer instead of from inside commits. With synchronous=NORMAL a WAL
 * commit does not fsync; the checkpoint does, and SQLite's automatic one runs inside whichever
 * commit crosses the threshold, on the event loop, every few dozen turns. Here a PASSIVE
 * checkpoint runs at most once a second, only after writes, and never waits for readers. The
 * automatic checkpoint stays on with a high threshold as the bound for work that does not yield to
 * the event loop (a long import), and a WAL that readers kept from being recycled is restarted
 * once they let go.
 */
import type { Database } from 'better-sqlite3';

export interface WalCheckpointerOptions {
  /** Between timer checkpoints (default 1 s). */
  intervalMilliseconds?: number;
  /** Has anything been committed since the last call? (resets the flag) */
  takeDirtyFlag: () => boolean;
}

/** Pages (4 KiB each by default): about 40 MB before SQLite checkpoints inside a commit. */
export const AUTOCHECKPOINT_PAGES = 10_000;
/** A WAL still this long after a PASSIVE checkpoint is restarted as soon as no reader holds it. */
const RESTART_PAGES = 25_000;

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export class WalCheckpointer {
  readonly #database: Database;
  readonly #takeDirtyFlag: () => boolean;
  #timer: NodeJS.Timeout | null;
  /** The last checkpoint left frames behind (a reader held them): try again without new writes. */
  #unfinished = false;

  constructor(database: Database, options: WalCheckpointerOptions) {
    this.#database = database;
    this.#takeDirtyFlag = options.takeDirtyFlag;
    this.#timer = setInterval(() => this.#tick(), options.intervalMilliseconds ?? 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    if (!this.#database.open) {
      this.stop();
      return;
    }
    const dirty = this.#takeDirtyFlag();
    if (!dirty && !this.#unfinished) return;
    try {
      let result = this.#checkpoint('PASSIVE');
      if (result !== null && result.log > RESTART_PAGES && result.checkpointed < result.log) result = this.#checkpoint('RESTART');
      this.#unfinished = result === null || result.busy !== 0 || result.checkpointed < result.log;
    } catch {
      // A timer must not crash the process; the automatic checkpoint still bounds the WAL.
    }
  }

  /** Never waits on another connection: a busy checkpoint simply tries again on a later tick. */
  #checkpoint(mode: 'PASSIVE' | 'RESTART'): CheckpointResult | null {
    const busyTimeout = this.#database.pragma('busy_timeout', { simple: true });
    this.#database.pragma('busy_timeout = 0');
    try {
      const [result] = this.#database.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
      return result ?? null;
    } finally {
      this.#database.pragma(`busy_timeout = ${Number(busyTimeout)}`);
    }
  }
}
