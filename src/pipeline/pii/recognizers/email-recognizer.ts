import validator from 'validator';
import type { PiiSpan, Recognizer } from '../pii-entity.ts';

/**
 * Email addresses, minus the placeholders that fill chatbot prompts (`name@example.com`,
 * `info@company.com`, …). The exclusions follow WildChat's release rules plus the reserved
 * example/test domains (RFC 2606) and a few more role or template local parts.
 */
// Letters of alphabetic scripts only: in "我的邮箱是wang@163.com" the Han text before the
// address is not part of it (CJK has no spaces to stop at).
const ADDRESS_CHARACTER = '[\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{M}\\p{Nd}';
// The look-behind makes matches start only where a run of address characters starts; without
// it a long token with no '@' is rescanned from every position (quadratic time).
const EMAIL_PATTERN = new RegExp(
  `(?<!${ADDRESS_CHARACTER}._%+-])${ADDRESS_CHARACTER}._%+-]+@(?:${ADDRESS_CHARACTER}-]+\\.)+[\\p{Script=Latin}\\p{Script=Cyrillic}]{2,24}`,
  'gu',
);

const PLACEHOLDER_DOMAINS = new Set([
  'example.com',
  'example.org',
  'example.net',
  'domain.com',
  'email.com',
  'companyname.com',
  'login.com',
  'yourdomain.com',
  'yourcompany.com',
  'company.com',
  'mydomain.com',
  'website.com',
  'sample.com',
  'test.com',
  'somewhere.com',
  'someplace.com',
  'acme.com',
]);
const PLACEHOLDER_TLDS = new Set(['example', 'test', 'invalid', 'localhost', 'local']);
const PLACEHOLDER_LOCAL_PARTS = new Set([
  'info',
  'contact',
  'test',
  'email',
  'webmaster',
  'login',
  'feedback',
  'partners',
  'events',
  'orders',
  'shipping',
  'quality',
  'reservations',
  'inquiries',
  'complaints',
  'computer',
  'abcdefg',
  'support',
  'admin',
  'sales',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'user',
  'username',
  'name',
  'yourname',
  'your.name',
  'youremail',
  'your.email',
  'someone',
  'somebody',
  'hello',
  'help',
  'office',
  'privacy',
  'careers',
  'jobs',
  'hr',
  'billing',
  'press',
  'media',
  'marketing',
  'team',
  'service',
  'customerservice',
  'enquiries',
  'mail',
  'postmaster',
  'abuse',
  'security',
  'xxx',
  'xxxx',
]);

export function isPlaceholderEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (PLACEHOLDER_LOCAL_PARTS.has(local) || local.startsWith('your')) return true;
  if (PLACEHOLDER_DOMAINS.has(domain)) return true;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (PLACEHOLDER_TLDS.has(tld)) return true;
  // example.co.uk, mail.example.com, example.io …
  if (labels.slice(0, -1).some((label) => label === 'example' || label === 'domain' || label === 'yourdomain')) return true;
  // @xxx.com, @xxxx.xx
  if (/^x+$/.test(labels[0] ?? '')) return true;
  return false;
}

export function createEmailRecognizer(): Recognizer {
  return {
    name: 'email',
    entity: 'EMAIL_ADDRESS',
    mayMatch: (text) => text.includes('@'),
    find(text) {
      const spans: PiiSpan[] = [];
      for (const match of text.matchAll(EMAIL_PATTERN)) {
        let value = match[0];
        let start = match.index;
        // Leading/trailing dots are sentence punctuation, not part of the address.
        while (value.startsWith('.')) {
          value = value.slice(1);
          start += 1;
        }
        while (value.endsWith('.')) value = value.slice(0, -1);
        const before = text[start - 1] ?? '';
        // `user:pass@host` belongs to connection strings, `/x@y` to URLs; both are handled elsewhere.
        if (before === '/' || before === ':') continue;
        const tokenStart = Math.max(text.lastIndexOf(' ', start), text.lastIndexOf('\n', start)) + 1;
        if (text.slice(tokenStart, start).includes('://')) continue;
        if (!validator.isEmail(value, { allow_utf8_local_part: true })) continue;
        if (isPlaceholderEmail(value)) continue;
        spans.push({ start, end: start + value.length, entity: 'EMAIL_ADDRESS', score: 0.95 });
      }
      return spans;
    },
  };
}
