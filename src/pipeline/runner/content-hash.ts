import { createHash } from 'node:crypto';

/** The cache key of a message text: SHA-256 hex of its UTF-8 bytes. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}
