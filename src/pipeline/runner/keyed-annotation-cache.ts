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

export class KeyedAnnotationCache implements AnnotationCachePort {
  constructor(
    private readonly inner: AnnotationCachePort,
    private readonly secret: Uint8Array,
  ) {}

  async getMany(stage: string, version: string, contentHashes: readonly string[]): Promise<Map<string, unknown>> {
    const byStoredKey = new Map<string, string>();
    for (const hash of contentHashes) byStoredKey.set(keyedCacheKey(this.secret, hash), hash);
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
      entries.map((entry) => ({ key: keyedCacheKey(this.secret, entry.key), value: entry.value })),
    );
  }
}
