import { getHeaderValue, type HeaderSource } from './header-source.ts';
import { inCidrList, type CidrRange } from './cidr.ts';
import { normalizeIp } from './normalize-ip.ts';

export type { HeaderSource } from './header-source.ts';

export interface ClientIpInput {
  /** Address of the TCP peer (node's socket.remoteAddress); may be missing in in-process tests. */
  socketAddress: string | null | undefined;
  headers: HeaderSource;
  /** Only when true is the header believed; otherwise any client could forge its IP. */
  trustProxy: boolean;
  /** Header name, case-insensitive, e.g. 'x-forwarded-for', 'x-real-ip' or 'forwarded'. */
  clientIpHeader: string;
  /**
   * How many trusted proxies append to the header (default 1). The client is the address the
   * outermost trusted proxy saw: counted from the right, because anything to its left was sent by
   * the client and may be forged.
   */
  proxyHops?: number;
  /**
   * The reverse proxies allowed to set the header. When given (non-empty), the header is believed
   * only when the TCP peer is one of them, and the client is the rightmost address that is not a
   * listed proxy (proxyHops is then not used): a client that forges the header directly, or a hop
   * it controls, cannot choose its address.
   */
  trustedProxies?: readonly CidrRange[];
}

/** Used when neither the socket nor a trusted header gives an address (never hashed with a real IP). */
export const UNKNOWN_CLIENT_IP = 'unknown';

/** Longest header value we look at; real proxy chains are far shorter, and this bounds the parsing work. */
const MAXIMUM_HEADER_LENGTH = 4096;

/**
 * The client IP used for hashing and geolocation: the socket peer unless a trusted proxy sets the
 * configured header, then the valid address `proxyHops` places from the right of that header (or
 * the leftmost valid one when the chain is shorter). Always canonical (see normalizeIp).
 */
export function resolveClientIp(input: ClientIpInput): string {
  const fromSocket = normalizeIp(input.socketAddress ?? '');
  const fallback = fromSocket ?? UNKNOWN_CLIENT_IP;
  const trusted = input.trustedProxies ?? [];
  if (!input.trustProxy && trusted.length === 0) return fallback;
  if (trusted.length > 0 && (fromSocket === null || !inCidrList(fromSocket, trusted))) return fallback;

  const headerName = input.clientIpHeader.trim().toLowerCase();
  const fullValue = getHeaderValue(input.headers, headerName);
  if (fullValue === null) return fallback;
  // Proxies append on the right, so a very long (client-padded) header is cut on the left.
  const value = fullValue.length > MAXIMUM_HEADER_LENGTH ? fullValue.slice(-MAXIMUM_HEADER_LENGTH) : fullValue;

  const candidates = headerName === 'forwarded' ? forwardedForValues(value) : value.split(',');
  const addresses: string[] = [];
  for (const candidate of candidates) {
    const ip = normalizeIp(stripPort(unquote(candidate.trim())));
    if (ip !== null) addresses.push(ip);
  }
  if (addresses.length === 0) return fallback;
  if (trusted.length > 0) {
    for (let index = addresses.length - 1; index >= 0; index -= 1) {
      const address = addresses[index];
      if (address !== undefined && !inCidrList(address, trusted)) return address;
    }
    return addresses[0] ?? fallback;
  }
  const hops = Math.max(1, input.proxyHops ?? 1);
  return addresses[Math.max(0, addresses.length - hops)] ?? fallback;
}

/** The `for=` parameters of an RFC 7239 `Forwarded` header, in order. */
function forwardedForValues(value: string): string[] {
  const values: string[] = [];
  for (const element of value.split(',')) {
    for (const pair of element.split(';')) {
      const separator = pair.indexOf('=');
      if (separator === -1) continue;
      if (pair.slice(0, separator).trim().toLowerCase() === 'for') values.push(pair.slice(separator + 1));
    }
  }
  return values;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** "[2001:db8::1]:4711" → "2001:db8::1", "192.0.2.1:8080" → "192.0.2.1"; bare IPv6 is left alone. */
function stripPort(text: string): string {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end === -1 ? text : text.slice(1, end);
  }
  const colon = text.indexOf(':');
  if (colon !== -1 && colon === text.lastIndexOf(':')) return text.slice(0, colon);
  return text;
}
