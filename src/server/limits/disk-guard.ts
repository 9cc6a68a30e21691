/**
 * Refuses new conversations and messages before the data folder's file system fills (a full disk
 * would fail SQLite writes mid-stream and can corrupt other services). statfs is read at most once
 * a second; a failing statfs does not block writes (the store then reports its own errors).
 */
import { statfs } from 'node:fs/promises';

const RECHECK_MILLISECONDS = 1000;

export type FreeSpaceReader = (directory: string) => Promise<number>;

export const statfsFreeBytes: FreeSpaceReader = async (directory) => {
  const stats = await statfs(directory);
  return Number(stats.bavail) * Number(stats.bsize);
};

export class DiskGuard {
  private checkedAt = Number.NEGATIVE_INFINITY;
  private freeBytes: number | null = null;

  constructor(
    private readonly directory: () => string,
    private readonly clock: () => number,
    private readonly read: FreeSpaceReader = statfsFreeBytes,
  ) {}

  /** Free bytes as last measured (null when unknown). */
  get lastFreeBytes(): number | null {
    return this.freeBytes;
  }

  async hasRoom(minFreeBytes: number): Promise<boolean> {
    if (minFreeBytes <= 0) return true;
    const now = this.clock();
    if (now - this.checkedAt >= RECHECK_MILLISECONDS) {
      this.checkedAt = now;
      this.freeBytes = await this.read(this.directory()).catch(() => null);
    }
    return this.freeBytes === null || this.freeBytes >= minFreeBytes;
  }
}
