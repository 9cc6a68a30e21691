/**
 * A group commit for one kind of statement: the calls made while the database is busy are
 * gathered and sent as one statement, so under load many requests share one round trip and one
 * commit instead of paying one each. A lone call goes out at the loop's check phase (setImmediate);
 * while `maxInFlight` batches of this kind are already at the database, new calls wait for one of
 * them to come back and then go out together. The wait is what makes batches grow with load
 * without a timer: an idle instance adds no latency, a busy one sends fewer, larger statements.
 *
 * Every caller's promise settles only after its batch's statement has returned, so an awaited
 * write is committed exactly as a single statement's would be. A batch whose statement fails for
 * a reason of its own (a constraint, a deadlock with a peer instance's batch) is run again one
 * call at a time, so one bad call fails alone, as it would have on its own; a database that is
 * away fails exactly the calls of that batch with its StoreUnavailableError. Nothing is dropped.
 */
import { isRejectedStatement } from './pg-errors.ts';

/** A runner's answer for one call that failed on its own while the others of the batch succeeded. */
export class BatchItemFailure {
  constructor(readonly error: Error) {}
}

export type BatchRunner<Input, Output> = (inputs: readonly Input[]) => Promise<readonly (Output | BatchItemFailure)[]>;

export interface TickBatchOptions {
  /** Keeps one statement's arrays (and the locks it holds) bounded. */
  maxBatch?: number;
  /** Statements of this kind at the database at once; more calls wait and go out together. */
  maxInFlight?: number;
}

interface Waiting<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_BATCH = 256;
const DEFAULT_MAX_IN_FLIGHT = 2;

export class TickBatch<Input, Output> {
  #waiting: Waiting<Input, Output>[] = [];
  #scheduled = false;
  #inFlight = 0;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;

  constructor(
    private readonly run: BatchRunner<Input, Output>,
    options: TickBatchOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  }

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0 || this.#inFlight >= this.#maxInFlight) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#waiting.length > 0 && this.#inFlight < this.#maxInFlight) {
      const batch = this.#waiting.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#runBatch(batch).finally(() => {
        this.#inFlight -= 1;
        this.#schedule();
      });
    }
  }

  async #runBatch(batch: readonly Waiting<Input, Output>[]): Promise<void> {
    try {
      this.#settle(batch, await this.#answers(batch));
    } catch (error) {
      // Only a statement the database refused is known to have changed nothing and may be run again.
      if (batch.length === 1 || !isRejectedStatement(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      // Which call broke the statement is unknown: each runs alone, so only that one fails.
      await Promise.all(batch.map((item) => this.#runBatch([item])));
    }
  }

  async #answers(batch: readonly Waiting<Input, Output>[]): Promise<readonly (Output | BatchItemFailure)[]> {
    const outputs = await this.run(batch.map((item) => item.input));
    if (outputs.length !== batch.length) throw new Error(`a batched statement answered ${outputs.length} results for ${batch.length} calls`);
    return outputs;
  }

  #settle(batch: readonly Waiting<Input, Output>[], outputs: readonly (Output | BatchItemFailure)[]): void {
    batch.forEach((item, index) => {
      const output = outputs[index]!;
      if (output instanceof BatchItemFailure) item.reject(output.error);
      else item.resolve(output);
    });
  }
}
