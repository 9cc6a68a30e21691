/**
 * Group commit for one better-sqlite3 handle. Writes queued during one turn of the event loop are
 * committed together in a single transaction on the next (setImmediate), and each caller's promise
 * settles only after that commit: an awaited write is as durable as before, but many concurrent
 * turns share one commit instead of paying one each. Every write runs inside its own savepoint, so
 * a write that fails (a constraint, a turn for a missing conversation) is undone and rejected alone
 * while the others in the batch still commit.
 */
import type { Database, Transaction } from 'better-sqlite3';

interface QueuedWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class SqliteWriteBatcher {
  readonly #commitBatch: Transaction<(writes: readonly QueuedWrite[]) => Outcome[]>;
  #queue: QueuedWrite[] = [];
  #scheduled: NodeJS.Immediate | null = null;
  #committedSinceLastCheck = false;

  readonly #onCommitFailure: () => void;

  /** `onCommitFailure` runs when a whole batch is rolled back, for state its writes changed in memory. */
  constructor(database: Database, onCommitFailure: () => void = () => undefined) {
    this.#onCommitFailure = onCommitFailure;
    // A transaction function called inside another transaction runs as a savepoint.
    const isolated = database.transaction((write: () => unknown): unknown => write());
    this.#commitBatch = database.transaction((writes: readonly QueuedWrite[]): Outcome[] =>
      writes.map((queued): Outcome => {
        try {
          return { ok: true, value: isolated(queued.write) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Queues a write; resolves with its result once the transaction holding it has committed. */
  enqueue<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.#scheduled ??= setImmediate(() => {
        this.#scheduled = null;
        this.flush();
      });
    });
  }

  /**
   * Commits everything queued, now. Writes that must not be reordered behind queued ones
   * (deletions, closing) call this first.
   */
  flush(): void {
    if (this.#scheduled !== null) {
      clearImmediate(this.#scheduled);
      this.#scheduled = null;
    }
    const writes = this.#queue;
    if (writes.length === 0) return;
    this.#queue = [];
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock up front, so the commit cannot fail half-way on a lock upgrade.
      outcomes = this.#commitBatch.immediate(writes);
    } catch (error) {
      // The commit itself failed (disk full, database locked, handle closed): none of them happened.
      this.#onCommitFailure();
      for (const queued of writes) queued.reject(error);
      return;
    }
    this.#committedSinceLastCheck = true;
    for (let index = 0; index < writes.length; index++) {
      const queued = writes[index]!;
      const outcome = outcomes[index]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    }
  }

  /** Whether anything was committed since the last call; the checkpointer skips idle seconds. */
  takeCommittedFlag(): boolean {
    const committed = this.#committedSinceLastCheck;
    this.#committedSinceLastCheck = false;
    return committed;
  }

  /** Marks a write done outside the queue (deletions, consents), for the checkpointer. */
  noteDirectWrite(): void {
    this.#committedSinceLastCheck = true;
  }
}
