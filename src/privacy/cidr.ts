/**
 * CIDR lists for trusted proxies: parsed once, then a membership test per request. IPv4-mapped
 * IPv6 peers match IPv4 ranges, because normalizeIp turns them into plain IPv4 first.
 */
import ipaddr from 'ipaddr.js';
import { isCanonicalIpv4, normalizeIp } from './normalize-ip.ts';

export interface CidrRange {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefixLength: number;
}

/** "10.0.0.0/8", "2001:db8::/32", or a bare address (a host route). Throws with the bad entry named. */
export function parseCidr(text: string): CidrRange {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const normalized = normalizeIp(addressText);
  if (normalized === null) throw new Error(`"${trimmed}" is not an IP address or CIDR range`);
  const address = ipaddr.parse(normalized);
  const maxLength = address.kind() === 'ipv4' ? 32 : 128;
  const prefixText = slash === -1 ? String(maxLength) : trimmed.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > maxLength) throw new Error(`"${trimmed}" has an invalid prefix length`);
  return { address, prefixLength: Number(prefixText) };
}

export function parseCidrList(entries: readonly string[]): CidrRange[] {
  return entries.filter((entry) => entry.trim() !== '').map(parseCidr);
}

/** `ip` must be canonical (normalizeIp). */
export function inCidrList(ip: string, ranges: readonly CidrRange[]): boolean {
  if (ranges.length === 0) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return false;
  }
  return ranges.some((range) => range.address.kind() === address.kind() && address.match(range.address as never, range.prefixLength));
}

/**
 * The aggregate network a cost limit applies to: the /24 of an IPv4 address, the /48 of an IPv6
 * one. One site or subscriber routinely holds a whole /48 (65,536 /64s), so the per-/64 limit alone
 * lets one party open that many buckets.
 */
export function aggregateNetwork(ip: string): string {
  if (isCanonicalIpv4(ip)) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) {
    const octets = ipaddr.IPv4.parse(ip).octets;
    return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
  }
  if (ipaddr.IPv6.isValid(ip)) {
    const parts = ipaddr.IPv6.parse(ip).parts.slice(0, 3);
    return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0, 0]).toString()}/48`;
  }
  return ip;
}
