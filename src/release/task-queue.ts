/**
 * A first-in, first-out queue that runs one async task at a time. The release passes one to every
 * variant's writer as its Parquet conversion queue, so the DuckDB conversions (each allowed the
 * whole DuckDB memory limit) never overlap and peak memory holds one limit, not one per variant.
 */
export type TaskQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function createTaskQueue(): TaskQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    // A failed task hands its error to its own caller only; the next task still runs.
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
