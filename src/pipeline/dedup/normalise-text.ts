/** Text normalisation and the exact-duplicate hash. */
import { createHash } from 'node:crypto';

/** NFKC, lower-case, whitespace runs collapsed to one space, trimmed. */
export function normaliseForDedup(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** SHA-256 (hex) of the normalised text. */
export function exactTextHash(text: string): string {
  return createHash('sha256').update(normaliseForDedup(text), 'utf8').digest('hex');
}
