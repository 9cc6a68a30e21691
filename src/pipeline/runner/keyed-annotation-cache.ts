/**
 * An AnnotationCachePort whose stored keys are HMAC-SHA-256(secret, content hash): the pipeline
 * keeps asking by content hash, the store only ever sees keyed digests, so the cache holds no plain
 * hash of any text. `storedKey` gives the same digest for deleting a text's entries.
 */
import { createHmac } from 'node:crypto';
import type { AnnotationCachePort, CachedAnnotation } from './annotation-cache-port.ts';
import { contentHash } from './content-hash.ts';

export function keyedCacheKey(secret: Uint8Array, hash: string): string {
  return createHmac('sha256', secret).update(hash, 'utf8').digest('hex');
}

/** The stored cache key of a text. */
export function storedKeyOfText(secret: Uint8Array, text: string): string {
  return keyedCacheKey(secret, contentHash(text));
}

/**
 * Stored keys remembered (~250 bytes each): every stage of a batch, and both passes' lookups and
 * writes, ask for the same hashes, so one HMAC per message serves them all instead of ~12.
 */
const REMEMBERED_KEYS = 32_768;

export class KeyedAnnotationCache implements AnnotationCachePort {
  private storedKeys = new Map<string, string>();

  constructor(
    private readonly inner: AnnotationCachePort,
    private readonly secret: Uint8Array,
  ) {}

  private storedKey(hash: string): string {
    let key = this.storedKeys.get(hash);
    if (key === undefined) {
      key = keyedCacheKey(this.secret, hash);
      // Dropping everything when full is cruder than LRU but costs nothing per hit.
      if (this.storedKeys.size >= REMEMBERED_KEYS) this.storedKeys = new Map();
      this.storedKeys.set(hash, key);
    }
    return key;
  }

  async getMany(stage: string, version: string, contentHashes: readonly string[]): Promise<Map<string, unknown>> {
    const byStoredKey = new Map<string, string>();
    for (const hash of contentHashes) byStoredKey.set(this.storedKey(hash), hash);
    const found = await this.inner.getMany(stage, version, [...byStoredKey.keys()]);
    const result = new Map<string, unknown>();
    for (const [storedKey, value] of found) {
      const hash = byStoredKey.get(storedKey);
      if (hash !== undefined) result.set(hash, value);
    }
    return result;
  }

  putMany(stage: string, version: string, entries: readonly CachedAnnotation[]): Promise<void> {
    return this.inner.putMany(
      stage,
      version,
      entries.map((entry) => ({ key: this.storedKey(entry.key), value: entry.value })),
    );
  }
}
