/**
 * Identifiers of one release, derived with its secret (HMAC-SHA-256): the same secret gives the
 * same ids (a re-run is byte-identical), another secret gives unrelated ones, and without the
 * secret an id cannot be matched to the stored hash or database id it came from.
 */
import { createHmac } from 'node:crypto';

export class ReleaseKeys {
  constructor(private readonly secret: Uint8Array) {
    if (secret.byteLength < 32) throw new Error('the release secret must be at least 32 bytes');
  }

  private digest(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
  }

  /** The user key of this release (64 hex, like WildChat's hashed_ip). */
  hashedIp(storedHash: string): string {
    return this.digest('hashed_ip', storedHash);
  }

  /** 32 hex: matches no URL, export or API id. */
  conversationId(storedId: string): string {
    return this.digest('conversation_id', storedId).slice(0, 32);
  }

  /** Cluster ids that embed a row key (empty texts) are re-keyed too. */
  opaque(purpose: string, value: string): string {
    return this.digest(purpose, value).slice(0, 16);
  }
}
