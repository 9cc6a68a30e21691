import { createHash } from 'node:crypto';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * Cryptocurrency wallet addresses: Bitcoin legacy/P2SH (Base58Check, checksum verified),
 * Bitcoin SegWit/Taproot (bech32/bech32m, checksum verified) and Ethereum (0x + 40 hex).
 * Ethereum's mixed-case checksum needs Keccak-256, which Node does not ship, so any 0x+40-hex
 * token counts; transaction hashes (0x + 64 hex) do not match.
 */
const BASE58_PATTERN = /(?<![\w])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\w])/g;
const BECH32_PATTERN = /(?<![\w])(?:bc1|tb1)[02-9ac-hj-np-z]{11,71}(?![\w])/gi;
const ETHEREUM_PATTERN = /(?<![\w])0x[0-9a-fA-F]{40}(?![\w])/g;
const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32_ALPHABET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

export function isValidBase58Check(value: string): boolean {
  let number = 0n;
  for (const character of value) {
    const digit = BASE58_ALPHABET.indexOf(character);
    if (digit < 0) return false;
    number = number * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (number > 0n) {
    bytes.unshift(Number(number % 256n));
    number /= 256n;
  }
  for (const character of value) {
    if (character !== '1') break;
    bytes.unshift(0);
  }
  if (bytes.length !== 25) return false;
  const payload = Uint8Array.from(bytes.slice(0, 21));
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return checksum.every((byte, index) => byte === bytes[21 + index]);
}

function bech32Polymod(values: number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit += 1) if ((top >>> bit) & 1) checksum ^= generators[bit] ?? 0;
  }
  return checksum >>> 0;
}

/** bech32 (constant 1) for SegWit v0, bech32m (0x2bc830a3) for Taproot and later. */
export function isValidBech32Address(value: string): boolean {
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) return false;
  const lower = value.toLowerCase();
  const separator = lower.lastIndexOf('1');
  const prefix = lower.slice(0, separator);
  const data = [...lower.slice(separator + 1)].map((character) => BECH32_ALPHABET.indexOf(character));
  if (data.some((digit) => digit < 0) || data.length < 7) return false;
  const expanded = [...prefix]
    .map((character) => character.charCodeAt(0) >> 5)
    .concat(
      [0],
      [...prefix].map((character) => character.charCodeAt(0) & 31),
    );
  const polymod = bech32Polymod(expanded.concat(data));
  return polymod === 1 || polymod === 0x2bc830a3;
}

export function createCryptoRecognizer(): Recognizer {
  return {
    name: 'crypto',
    entity: 'CRYPTO',
    mayMatch: (text) => /[13][1-9A-HJ-NP-Za-km-z]{25}|bc1|tb1|0x[0-9a-fA-F]{40}/i.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      const push = (start: number, length: number, chain: string): void => {
        spans.push({ start, end: start + length, entity: 'CRYPTO', score: 0.95, metadata: { chain } });
      };
      for (const match of text.matchAll(BASE58_PATTERN)) if (isValidBase58Check(match[0])) push(match.index, match[0].length, 'bitcoin');
      for (const match of text.matchAll(BECH32_PATTERN)) if (isValidBech32Address(match[0])) push(match.index, match[0].length, 'bitcoin');
      for (const match of text.matchAll(ETHEREUM_PATTERN)) push(match.index, match[0].length, 'ethereum');
      return spans;
    },
  };
}
