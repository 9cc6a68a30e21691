/**
 * Unique user counts as the paper reports them (users = distinct hashed IPs), plus distinct
 * device fingerprints and distinct (IP, device) pairs for comparison.
 */
export interface UserIdentity {
  hashedIp: string | null;
  deviceFingerprint?: string | null;
}

export interface UniqueUserCounts {
  hashedIps: number;
  deviceFingerprints: number;
  ipDevicePairs: number;
}

export class UniqueUserCounter {
  private readonly ips = new Set<string>();
  private readonly devices = new Set<string>();
  private readonly pairs = new Set<string>();

  add(identity: UserIdentity): void {
    const ip = identity.hashedIp ?? null;
    const device = identity.deviceFingerprint ?? null;
    if (ip !== null) this.ips.add(ip);
    if (device !== null) this.devices.add(device);
    if (ip !== null && device !== null) this.pairs.add(`${ip}\u0000${device}`);
  }

  counts(): UniqueUserCounts {
    return { hashedIps: this.ips.size, deviceFingerprints: this.devices.size, ipDevicePairs: this.pairs.size };
  }
}

export function countUniqueUsers(identities: Iterable<UserIdentity>): UniqueUserCounts {
  const counter = new UniqueUserCounter();
  for (const identity of identities) counter.add(identity);
  return counter.counts();
}
