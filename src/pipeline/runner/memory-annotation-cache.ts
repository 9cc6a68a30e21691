import type { AnnotationCachePort, CachedAnnotation } from './annotation-cache-port.ts';

/**
 * An annotation cache held in memory for one process: a run without a persistent cache still
 * computes every distinct text once per stage (pass 2 reads what pass 1 computed).
 */
export class MemoryAnnotationCache implements AnnotationCachePort {
  private readonly entries = new Map<string, Map<string, unknown>>();

  private table(stage: string, version: string): Map<string, unknown> {
    const name = `${stage}\u0000${version}`;
    let table = this.entries.get(name);
    if (table === undefined) {
      table = new Map();
      this.entries.set(name, table);
    }
    return table;
  }

  async getMany(stage: string, version: string, contentHashes: readonly string[]): Promise<Map<string, unknown>> {
    const table = this.table(stage, version);
    const found = new Map<string, unknown>();
    for (const hash of contentHashes) {
      if (table.has(hash)) found.set(hash, table.get(hash));
    }
    return found;
  }

  async putMany(stage: string, version: string, entries: readonly CachedAnnotation[]): Promise<void> {
    const table = this.table(stage, version);
    for (const entry of entries) table.set(entry.key, entry.value);
  }
}
