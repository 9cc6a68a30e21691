import { createHash } from 'node:crypto';
import type { PiiEntityType } from './pii-entity.ts';

/**
 * The key under which an entity is counted for WildChat's document-frequency gate: SHA-256 of
 * the entity type and the lower-cased, whitespace-collapsed entity text. Hashing keeps raw PII
 * out of the frequency table that the caller aggregates and may store.
 */
export function normalizeEntityText(value: string): string {
  return value.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function candidateKey(entity: PiiEntityType, value: string): string {
  return createHash('sha256')
    .update(`${entity}\u0000${normalizeEntityText(value)}`)
    .digest('hex');
}
