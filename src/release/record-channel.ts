/**
 * A bounded async channel: the pipeline pushes batches, a writer (the dataset exporter) pulls
 * them as an AsyncIterable. `push` waits while the buffer is full, so a slow writer slows the
 * pipeline instead of filling memory; `fail` wakes both sides with the error.
 */
export class RecordChannel<Item> implements AsyncIterable<Item> {
  private readonly buffer: Item[] = [];
  private readonly capacity: number;
  private closed = false;
  private error: unknown = null;
  private wakeReader: (() => void) | null = null;
  private wakeWriter: (() => void) | null = null;

  constructor(capacity = 4) {
    this.capacity = capacity;
  }

  async push(item: Item): Promise<void> {
    while (this.buffer.length >= this.capacity && this.error === null) {
      await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    }
    if (this.error !== null) throw this.error;
    if (this.closed) throw new Error('push after close');
    this.buffer.push(item);
    this.wake('reader');
  }

  close(): void {
    this.closed = true;
    this.wake('reader');
  }

  fail(error: unknown): void {
    this.error = error ?? new Error('channel failed');
    this.wake('reader');
    this.wake('writer');
  }

  private wake(side: 'reader' | 'writer'): void {
    const wake = side === 'reader' ? this.wakeReader : this.wakeWriter;
    if (side === 'reader') this.wakeReader = null;
    else this.wakeWriter = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    for (;;) {
      if (this.error !== null) throw this.error;
      const item = this.buffer.shift();
      if (item !== undefined) {
        this.wake('writer');
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }
}
