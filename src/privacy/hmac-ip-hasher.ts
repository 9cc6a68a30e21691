import { createHmac } from 'node:crypto';
import type { IpHasher } from './privacy.ts';
import { loadOrCreateIpKeys, type IpKey, type IpKeyRing } from './ip-key-store.ts';
import { normalizeIp } from './normalize-ip.ts';

/** An IpHasher that can also hash with older keys, to compare against hashes made before a rotation. */
export interface KeyedIpHasher extends IpHasher {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  /** Hash with a specific (possibly retired) key; throws when no such key exists. */
  hashWithKey(ip: string, keyId: string): string;
}

/**
 * Keyed (HMAC-SHA256) rather than a plain hash because IPv4 has only 2^32 addresses: anyone could
 * hash them all and reverse an unkeyed hash in minutes. Without the key, a hashed IP reveals nothing.
 * The result is 64 hex characters, the length of WildChat's `hashed_ip`.
 */
export class HmacIpHasher implements KeyedIpHasher {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  readonly #keys: ReadonlyMap<string, IpKey>;

  constructor(ring: IpKeyRing) {
    this.#keys = new Map(ring.keys.map((key) => [key.id, key]));
    if (!this.#keys.has(ring.currentKeyId)) throw new Error(`current IP key ${ring.currentKeyId} is missing`);
    this.currentKeyId = ring.currentKeyId;
    this.keyIds = ring.keys.map((key) => key.id);
  }

  hash(ip: string): { hashedIp: string; keyId: string } {
    return { hashedIp: this.hashWithKey(ip, this.currentKeyId), keyId: this.currentKeyId };
  }

  hashWithKey(ip: string, keyId: string): string {
    const key = this.#keys.get(keyId);
    if (key === undefined) throw new Error(`no IP key with id ${keyId}`);
    // Canonical form first, so "::ffff:1.2.3.4" and "1.2.3.4" are the same user.
    const canonical = normalizeIp(ip) ?? ip;
    return createHmac('sha256', key.secret).update(canonical, 'utf8').digest('hex');
  }
}

/** Loads the key ring from `<dataDir>/secrets/ip-hash-keys.json`, generating it on first run. */
export async function loadOrCreateIpHasher(dataDir: string): Promise<KeyedIpHasher> {
  return new HmacIpHasher(await loadOrCreateIpKeys(dataDir));
}
