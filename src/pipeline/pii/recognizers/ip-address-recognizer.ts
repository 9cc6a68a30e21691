import ipaddr from 'ipaddr.js';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * IPv4 and IPv6 addresses. Decision (documented in docs/quality.md): loopback, unspecified,
 * broadcast, multicast, reserved and documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32) and well-known public resolvers are never redacted — they
 * identify nobody and fill technical conversations. Private/link-local/CGNAT ranges are kept by
 * default too (every home router is 192.168.1.1) but `includePrivate: true` redacts them.
 */
export interface IpAddressOptions {
  includePrivate?: boolean;
  /** Exact addresses never redacted; defaults to public DNS resolvers. */
  ignored?: readonly string[];
}

const IPV4_PATTERN = /(?<![\w.:-])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w-]|\.\d)/g;
const IPV6_PATTERN = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const VERSION_CUE = /(?:\bv|version|ver\.|release|build|oid|sdk|python|node|java|chrome|firefox|android|ios|macos|windows)\s*$/i;
const DEFAULT_IGNORED = ['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220'];

const ALWAYS_SKIPPED_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'loopback',
  'reserved',
  'benchmarking',
  'amt',
  'as112',
  'deprecated',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
]);
const PRIVATE_RANGES = new Set(['private', 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo']);
const DOCUMENTATION_V4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((cidr) => ipaddr.IPv4.parseCIDR(cidr));
const DOCUMENTATION_V6 = ipaddr.IPv6.parseCIDR('2001:db8::/32');

function classify(address: ipaddr.IPv4 | ipaddr.IPv6): 'skip' | 'private' | 'public' {
  const range = address.range();
  if (ALWAYS_SKIPPED_RANGES.has(range)) return 'skip';
  if (address.kind() === 'ipv4') {
    if (DOCUMENTATION_V4.some((cidr) => (address as ipaddr.IPv4).match(cidr))) return 'skip';
  } else if ((address as ipaddr.IPv6).match(DOCUMENTATION_V6)) {
    return 'skip';
  }
  if (PRIVATE_RANGES.has(range)) return 'private';
  return 'public';
}

export function createIpAddressRecognizer(options: IpAddressOptions = {}): Recognizer {
  const ignored = new Set(options.ignored ?? DEFAULT_IGNORED);
  const accept = (address: ipaddr.IPv4 | ipaddr.IPv6): boolean => {
    const kind = classify(address);
    return kind === 'public' || (kind === 'private' && options.includePrivate === true);
  };
  return {
    name: 'ip-address',
    entity: 'IP_ADDRESS',
    mayMatch: (text) => /\d\.\d/.test(text) || /[0-9a-fA-F]:[0-9a-fA-F:]/.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(IPV4_PATTERN)) {
        const value = match[0];
        if (ignored.has(value) || VERSION_CUE.test(text.slice(Math.max(0, match.index - 12), match.index))) continue;
        if (!ipaddr.IPv4.isValidFourPartDecimal(value) || !accept(ipaddr.IPv4.parse(value))) continue;
        spans.push({ start: match.index, end: match.index + value.length, entity: 'IP_ADDRESS', score: 0.9, metadata: { version: 4 } });
      }
      if (!text.includes(':')) return spans;
      for (const match of text.matchAll(IPV6_PATTERN)) {
        const value = match[0];
        const groups = value.split(':').filter((group) => group.length > 0);
        // Times (12:30:45), C++ scopes and MAC-like strings are excluded by requiring a real shape.
        if (!(groups.length >= 6 || (value.includes('::') && groups.length >= 2))) continue;
        if (!groups.some((group) => /[a-fA-F]/.test(group) || group.length === 4)) continue;
        if (!ipaddr.IPv6.isValid(value) || ignored.has(value)) continue;
        const address = ipaddr.IPv6.parse(value);
        if (address.isIPv4MappedAddress() || !accept(address)) continue;
        spans.push({ start: match.index, end: match.index + value.length, entity: 'IP_ADDRESS', score: 0.9, metadata: { version: 6 } });
      }
      return spans;
    },
  };
}
