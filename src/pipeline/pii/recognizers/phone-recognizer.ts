import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { countDigits } from './context-cues.ts';

/**
 * Phone numbers. Candidate digit runs are found with one regular expression, then validated
 * with libphonenumber-js (`max` metadata) against several default regions. Validity alone is
 * not enough (many 10-digit order numbers are "valid"), so a number is accepted only when it
 * is written internationally (`+…`), follows a phone cue ("tel", "call me", "电话", …), or has
 * a typical grouped phone layout; dates, versions, IPs, prices and reference numbers are rejected.
 */
const DEFAULT_REGIONS: readonly CountryCode[] = ['US', 'GB', 'IN', 'CN', 'DE', 'FR', 'RU', 'BR', 'ES', 'IT', 'AU', 'JP', 'KR', 'MX', 'NG'];

// A digit run with single separators, optionally led by + / 00 / a parenthesised area code.
const CANDIDATE_PATTERN = /(?:\+|\b00)?\(?\d[\d\u00a0 ().\-/]{4,24}\d/g;

const PHONE_CUE =
  /(?:\b(?:phone|tel|call|cell|mobile|contact|whats ?app|we ?chat|viber|signal|text me|reach me|ring (?:me|us)|my (?:number|no\.?)(?= |:)|fax|dial|sms|hotline|ph[:.]|m:)|电话|手机|联系|微信|號碼|号码|телефон|тел[.:]|номер|звон|t[ée]l[ée]phone|\btél|portable|appelez|tel[ée]fono|m[óo]vil|celular|ll[áa]mame|\btelefon|\bhandy|\bruf|n[úu]mero|\bligue|電話|携帯|전화|휴대폰|cellulare|\bnumer)/u;
const NEGATIVE_CUE =
  /(?:\b(?:order|invoice|tracking|ticket|isbn|account|acct|ref|serial|version|id|sku|price|total|amount|usd|eur|pid|port|build|issue|case|transaction|receipt|policy|patent|iban|card|ssn|passport|zip|postal|timestamp|epoch|ip|no|nr)\b|[#$€£¥])/u;

// Chinese/Japanese/Korean write digits straight after words (我的手机是138…).
const SPACELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function looksLikeDate(value: string): boolean {
  return /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:$|\s)/.test(value) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:$|\s)/.test(value) || /^\d{4}\s?[-–]\s?\d{4}$/.test(value);
}

function looksLikeIpOrVersion(value: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){2,}$/.test(value) || (/\d\.\d+\.\d/.test(value) && !/\d{3}\.\d{3}\.\d{4}/.test(value));
}

/** National layouts people actually type: (415) 555-2671, 415-555-2671, 020 7946 0958, 138 0013 8000. */
function hasPhoneLayout(value: string): boolean {
  const groups = value.split(/[\s().\-/]+/).filter((group) => group.length > 0);
  if (/^\(\d{2,4}\)/.test(value) && groups.length >= 3) return true;
  // Two groups ("01310-100", "2023 1107") are postcodes, years and ranges far more often.
  if (groups.length < 3 || groups.length > 5) return false;
  const separators = value.match(/[\s.\-/]/g) ?? [];
  const kinds = new Set(separators.map((separator) => (/\s/.test(separator) ? ' ' : separator)));
  // Mixed separators like "12/05 2023-1" are rarely phone numbers.
  return kinds.size <= 2 && groups.every((group) => group.length >= 2);
}

// "+1-212-555-0147 x11144", "(0)30 1234567 ext. 12", "доб. 123", "poste 204", "内线 8021".
const EXTENSION =
  /^[ \t]*(?:,[ \t]*)?(?:x|ext\.?|extn\.?|extension|доб\.?|добавочный|poste|durchwahl|dw\.?|interno|int\.?|ramal|内线|分机|内線)[ \t]*\d{1,6}(?!\d)/iu;

/** Short local numbers ("555-0199", "4567 8901"): a cue is the only evidence, so the layout must be a phone's. */
function isCuedShortNumber(value: string): boolean {
  return /^\d{3,4}[ .-]\d{4}$/.test(value) || /^\d{2,3}[ .-]\d{2}[ .-]\d{2}$/.test(value) || /^\d{6,7}$/.test(value);
}

function parseValid(value: string): { country: string | undefined } | null {
  const normalized = value.startsWith('00') ? `+${value.slice(2)}` : value;
  if (normalized.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(normalized);
    return parsed?.isValid() ? { country: parsed.country } : null;
  }
  for (const region of DEFAULT_REGIONS) {
    const parsed = parsePhoneNumberFromString(normalized, region);
    if (parsed?.isValid()) return { country: parsed.country };
  }
  return null;
}

export function createPhoneRecognizer(): Recognizer {
  return {
    name: 'phone',
    entity: 'PHONE_NUMBER',
    mayMatch: (text) => countDigits(text, 6),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(CANDIDATE_PATTERN)) {
        let value = match[0];
        let start = match.index;
        // Trim separators that the greedy pattern swallowed at the edges.
        const trailing = /[\s().\-/]+$/.exec(value);
        if (trailing) value = value.slice(0, trailing.index);
        if (value.startsWith('(') && !value.includes(')')) {
          value = value.slice(1);
          start += 1;
        }
        if (/\s{2,}|\n/.test(value)) continue;
        const digits = value.replace(/\D/g, '').length;
        if (digits < 6 || digits > 15) continue;
        const before = text[start - 1] ?? '';
        const after = text[start + value.length] ?? '';
        // Inside a longer token: hashes, identifiers, decimals, versions, URLs.
        if (/[\p{L}\p{N}_@.:/#$€£¥-]/u.test(before) && !SPACELESS_SCRIPT.test(before)) continue;
        const extensionFollows = EXTENSION.test(text.slice(start + value.length, start + value.length + 24));
        if (
          (/[\p{L}_@%]/u.test(after) && !SPACELESS_SCRIPT.test(after) && !extensionFollows) ||
          (after === '.' && /\d/.test(text[start + value.length + 1] ?? ''))
        )
          continue;
        if (looksLikeDate(value) || looksLikeIpOrVersion(value)) continue;
        const international = value.startsWith('+') || value.startsWith('00');
        const lowerBefore = text.slice(Math.max(0, start - 30), start).toLowerCase();
        const negative = NEGATIVE_CUE.test(lowerBefore.slice(-18));
        const cued = PHONE_CUE.test(lowerBefore);
        if (negative && !cued) continue;
        // Decimals (40.712776) and SSN-shaped 3-2-4 groups are not phone numbers without a cue.
        if (/^\d+[.,]\d+$/.test(value)) continue;
        if (!cued && /^\d{3}-\d{2}-\d{4}$/.test(value)) continue;
        // Coordinates ("50.262 19.0192"), citations ("61288 (2014) 254") and dummy numbers
        // (123-456-7890, 555-555-5555) are not anybody's phone.
        if (!international && value.includes('.') && /\s/.test(value)) continue;
        if (/\d\s*\((?:19|20)\d\d\)/.test(value)) continue;
        const digitString = value.replace(/\D/g, '');
        if (/^\d{0,3}(?:1234567890|0123456789|9876543210)$|(\d)\1{6,}/.test(digitString)) continue;
        // Short national numbers (6–7 digits) collide with too many other counters: only after a cue.
        const short = !international && digits < 8;
        if (short && !(cued && isCuedShortNumber(value))) continue;
        if (!international && !cued && !hasPhoneLayout(value)) continue;
        const valid = short ? { country: undefined } : parseValid(value);
        if (!valid) continue;
        const score = international || cued ? 0.9 : 0.7;
        const extension = EXTENSION.exec(text.slice(start + value.length, start + value.length + 24));
        const end = start + value.length + (extension ? extension[0].length : 0);
        spans.push({
          start,
          end,
          entity: 'PHONE_NUMBER',
          score,
          metadata: { ...(valid.country ? { region: valid.country } : {}), ...(extension ? { extension: true } : {}), ...(short ? { local: true } : {}) },
        });
      }
      return spans;
    },
  };
}
