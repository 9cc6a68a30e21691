import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { countDigits, surroundingWindow } from './context-cues.ts';

/**
 * Payment card numbers: 12–19 digits (Maestro issues 12-digit cards) (optionally grouped by spaces or hyphens) that pass the
 * Luhn check AND either have a card word within 50 characters (WildChat's rule) or start with
 * a known issuer prefix and are written in card-style groups. The whole run is one span, so
 * the last four digits are never left behind.
 */
const CANDIDATE_PATTERN = /(?<![\d\w.-])\d(?:[ -]?\d){11,22}(?![\d\w]|[.,]\d)/g;

const CARD_CONTEXT =
  /(?:card|credit|debit|visa|master ?card|amex|american express|discover|maestro|jcb|unionpay|diners|\bcc\b|\bcvv|\bcvc|expir|payment|pay with|信用卡|银行卡|卡号|карт|tarjeta|carte|karte|cartão|cartao|carta|カード|카드)/u;

// Test numbers from payment providers' public documentation; they identify nobody.
const PUBLISHED_TEST_NUMBERS = new Set([
  '4242424242424242',
  '4111111111111111',
  '4000056655665556',
  '4012888888881881',
  '4222222222222',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '3566002020360505',
  '30569309025904',
  '38520000023237',
  '6200000000000005',
]);

/**
 * The candidate run may continue into an expiry date or CVV ("4428 7340 9132 2966 03/26"), so
 * trailing groups are dropped until the rest passes the checks (or too few digits remain).
 */
function longestValidPrefix(candidate: string): string | null {
  let value = candidate;
  while (value.replace(/\D/g, '').length >= 12) {
    const digits = value.replace(/\D/g, '');
    const mixed = value.includes(' ') && value.includes('-');
    if (!mixed && digits.length <= 19 && passesLuhn(digits) && !/^(\d)\1+$/.test(digits)) return value;
    const lastSeparator = Math.max(value.lastIndexOf(' '), value.lastIndexOf('-'));
    if (lastSeparator < 0) return null;
    value = value.slice(0, lastSeparator);
  }
  return null;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let value = digits.charCodeAt(index) - 48;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer identification prefixes with the lengths each issuer uses. */
export function issuerOf(digits: string): string | null {
  const length = digits.length;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const three = Number(digits.slice(0, 3));
  if (digits.startsWith('4') && (length === 13 || length === 16 || length === 19)) return 'visa';
  if (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && length === 16) return 'mastercard';
  if ((two === 34 || two === 37) && length === 15) return 'amex';
  if ((digits.startsWith('6011') || two === 65 || (three >= 644 && three <= 649)) && length >= 16) return 'discover';
  if (four >= 3528 && four <= 3589 && length >= 16) return 'jcb';
  if (two === 62 && length >= 16) return 'unionpay';
  if (((three >= 300 && three <= 305) || two === 36 || two === 38) && length >= 14) return 'diners';
  if (['5018', '5020', '5038', '6304', '6759', '6761', '6763'].includes(digits.slice(0, 4)) && length >= 12) return 'maestro';
  return null;
}

/** Cards are typed in groups of 4 (Amex 4-6-5, Diners 4-6-4) or as one block. */
function hasCardGrouping(value: string): boolean {
  const groups = value.split(/[ -]/);
  if (groups.length === 1) return false;
  const sizes = groups.map((group) => group.length).join('-');
  return /^(?:4-){2,4}[1-4]$/.test(sizes) || sizes === '4-6-5' || sizes === '4-6-4';
}

export function createCreditCardRecognizer(): Recognizer {
  return {
    name: 'credit-card',
    entity: 'CREDIT_CARD',
    mayMatch: (text) => countDigits(text, 12),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(CANDIDATE_PATTERN)) {
        const value = longestValidPrefix(match[0]);
        if (value === null) continue;
        const digits = value.replace(/\D/g, '');
        if (PUBLISHED_TEST_NUMBERS.has(digits)) continue;
        const issuer = issuerOf(digits);
        const context = CARD_CONTEXT.test(surroundingWindow(text, match.index, match.index + value.length, 50));
        if (!context && !(issuer && hasCardGrouping(value))) continue;
        spans.push({
          start: match.index,
          end: match.index + value.length,
          entity: 'CREDIT_CARD',
          score: context && issuer ? 0.98 : 0.85,
          metadata: { issuer: issuer ?? 'unknown' },
        });
      }
      return spans;
    },
  };
}
