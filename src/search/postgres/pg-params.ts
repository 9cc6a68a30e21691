/** Bound parameters for hand-built SQL: each value gets the next $n, so no value is ever spliced into the text. */
export class PgParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
