import ipaddr from 'ipaddr.js';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** Four decimal octets without leading zeros: exactly the text ipaddr.js would give back. */
const CANONICAL_IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * Parses one IP address strictly and returns its canonical text, or null when it is not an IP.
 *
 * Strict because headers are attacker-controlled: legacy IPv4 forms such as "127.1" or "0x7f.0.0.1"
 * are rejected so that one address cannot be spelt many ways (that would split one user into many
 * hashes). IPv4-mapped IPv6 ("::ffff:1.2.3.4") becomes plain IPv4, so a dual-stack socket and a proxy
 * header yield the same hash for the same client. IPv6 uses the RFC 5952 compact form; zone ids are
 * dropped because they name a local interface, not the client.
 */
/** True for IPv4 text that normalizeIp returns unchanged. */
export function isCanonicalIpv4(text: string): boolean {
  return CANONICAL_IPV4.test(text);
}

export function normalizeIp(candidate: string): string | null {
  // Every request's address passes here several times; one already in canonical IPv4 form is its own answer.
  if (isCanonicalIpv4(candidate)) return candidate;
  const text = candidate.trim();
  // A network ("203.0.113.0/24") is no address; ipaddr.js would say so only after throwing inside isValid.
  if (text.length === 0 || text.length > 100 || text.includes('/')) return null;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return ipaddr.IPv4.parse(text).toString();
  }
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return null;
  const address = ipaddr.IPv6.parse(text);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  address.zoneId = undefined;
  return address.toString();
}

/** True for addresses that can be located on the public internet (not private, loopback, reserved...). */
export function isPublicUnicastIp(normalizedIp: string): boolean {
  const address = ipaddr.parse(normalizedIp);
  return address.range() === 'unicast';
}

/**
 * The network a rate limit should apply to: the address itself for IPv4, its /64 for IPv6. One
 * IPv6 subscriber usually holds a whole /64 and can use a new address per request, so limiting by
 * full address would let them bypass every per-client limit.
 */
export function rateLimitNetwork(normalizedIp: string): string {
  if (!normalizedIp.includes(':') || !ipaddr.IPv6.isValid(normalizedIp)) return normalizedIp;
  const parts = ipaddr.IPv6.parse(normalizedIp).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
