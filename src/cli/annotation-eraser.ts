/**
 * What the server calls before it deletes a user's text: the annotation cache entries derived from
 * that text (language, PII offsets, moderation, tokens...) are deleted too, under the keyed digest
 * and under the plain SHA-256 older versions used.
 */
import { contentHash } from '../pipeline/runner/content-hash.ts';
import { storedKeyOfText } from '../pipeline/runner/keyed-annotation-cache.ts';
import { loadOrCreateAnnotationCacheKey } from '../privacy/annotation-cache-key.ts';
import type { AnnotationCache } from '../store/annotation-cache.ts';
import type { Store } from '../store/store.ts';

export type DerivedDataEraser = (texts: readonly string[]) => Promise<void>;

export function annotationEraser(cache: AnnotationCache, dataDir: string): DerivedDataEraser {
  return async (texts) => {
    if (texts.length === 0) return;
    const { secret } = loadOrCreateAnnotationCacheKey(dataDir);
    const keys = texts.flatMap((text) => [storedKeyOfText(secret, text), contentHash(text)]);
    await cache.deleteKeys(keys);
  };
}

/** The eraser for the store the server runs on (its annotation cache lives in the same database). */
export function storeAnnotationEraser(store: Store, dataDir: string): DerivedDataEraser {
  return annotationEraser(store.annotations, dataDir);
}
