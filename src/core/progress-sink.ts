/**
 * Where long dataset operations report progress. The CLI implements it with a progress bar on a
 * terminal and plain lines in CI (src/cli/progress.ts); tests pass nothing.
 */
export interface ProgressSink {
  /** A new phase; `total` in `unit`s when known (bytes, rows). */
  begin(label: string, total: number | null, unit: string): void;
  advance(amount: number): void;
  end(): void;
}

export const SILENT_PROGRESS: ProgressSink = {
  begin: () => undefined,
  advance: () => undefined,
  end: () => undefined,
};
