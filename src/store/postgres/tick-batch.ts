/**
 * Gathers the calls made during one turn of the event loop and runs them as one statement: under
 * load many requests reach the same step (a rate-limit window, a budget reservation, a completion)
 * within one tick, and one round trip and one commit for all of them costs the instance and the
 * database a fraction of one each. A lone call waits only until the loop's check phase.
 */
export type BatchRunner<Input, Output> = (inputs: readonly Input[]) => Promise<readonly Output[]>;

interface Waiting<Input, Output> {
  input: Input;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export class TickBatch<Input, Output> {
  #waiting: Waiting<Input, Output>[] = [];
  #scheduled = false;

  constructor(
    private readonly run: BatchRunner<Input, Output>,
    /** Keeps one statement's arrays (and the locks it holds) bounded. */
    private readonly maxBatch = 256,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (let start = 0; start < waiting.length; start += this.maxBatch) {
      const batch = waiting.slice(start, start + this.maxBatch);
      // A batch that fails fails each of its callers with the same error, as their own statements would have.
      this.#runBatch(batch).catch((error: unknown) => {
        for (const item of batch) item.reject(error);
      });
    }
  }

  async #runBatch(batch: readonly Waiting<Input, Output>[]): Promise<void> {
    const outputs = await this.run(batch.map((item) => item.input));
    if (outputs.length !== batch.length) throw new Error(`a batched statement answered ${outputs.length} results for ${batch.length} calls`);
    batch.forEach((item, index) => item.resolve(outputs[index]!));
  }
}
