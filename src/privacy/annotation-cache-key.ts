/**
 * The secret that keys the annotation cache. Cache keys are HMAC-SHA-256(secret, SHA-256(text))
 * instead of the plain SHA-256: a plain hash of a short message is a dictionary lookup away from
 * its text, and the cached values (PII offsets, language) would then be readable next to it.
 * Generated on first use, 0600, in the data folder's secrets/ (never in a release).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ANNOTATION_CACHE_KEY_FILE = 'annotation-cache.key';

export function annotationCacheKeyPath(dataDir: string): string {
  return path.join(dataDir, 'secrets', ANNOTATION_CACHE_KEY_FILE);
}

/** The secret, and whether it was created now (then entries keyed the old way must be dropped). */
export function loadOrCreateAnnotationCacheKey(dataDir: string): { secret: Buffer; created: boolean } {
  const file = annotationCacheKeyPath(dataDir);
  try {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new Error(`annotation cache key ${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 ${file}`);
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`annotation cache key ${file} is not 64 hex digits`);
    return { secret: Buffer.from(text, 'hex'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  try {
    fs.writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateAnnotationCacheKey(dataDir);
    throw error;
  }
  return { secret, created: true };
}
