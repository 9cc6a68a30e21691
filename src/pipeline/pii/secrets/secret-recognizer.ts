import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { SECRET_PATTERNS, looksLikePlaceholderSecret } from './secret-patterns.ts';

/**
 * API keys, tokens, private keys and connection-string passwords. Unlike TruffleHog in WildChat
 * we cannot verify secrets against live services (the pipeline has no network), so formats
 * are strict and documentation placeholders are skipped. An AWS secret access key is only
 * recognisable next to its access key id or an `aws_secret_access_key` label.
 */
const AWS_SECRET_PATTERN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const AWS_SECRET_LABEL = /aws_?secret|secret_?access_?key|secretaccesskey/i;
// A bare 40-character key in a config snippet: "KEY = …", "SECRET_KEY: '…'", "aws.secret=…".
const KEY_ASSIGNMENT = /(?:^|[\s,{;])["']?[A-Za-z_.-]*(?:key|secret)["']?\s*[=:]\s*["']?$/i;
const AWS_NEIGHBOURHOOD = 300;

function findAwsSecretKeys(text: string, anchors: readonly PiiSpan[], spans: PiiSpan[]): void {
  for (const match of text.matchAll(AWS_SECRET_PATTERN)) {
    const token = match[0];
    if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token) || looksLikePlaceholderSecret(token)) continue;
    const start = match.index;
    const nearKeyId = anchors.some((anchor) => Math.abs(anchor.start - start) <= AWS_NEIGHBOURHOOD);
    const before = text.slice(Math.max(0, start - 60), start);
    const labelled = AWS_SECRET_LABEL.test(before) || (KEY_ASSIGNMENT.test(before) && /[/+]/.test(token));
    if (!nearKeyId && !labelled) continue;
    spans.push({ start, end: start + token.length, entity: 'SECRET', detector: 'AWS', score: 0.9, metadata: { part: 'secret-access-key' } });
  }
}

/**
 * Credentials no vendor format names, found by their label: `password: …`, `DB_PASSWORD=…`,
 * `api_key = "…"`, `"client_secret": "…"`, "my password is …". Passwords must mix letters with
 * digits or symbols (so "password: required" stays); keys and tokens must be long and varied.
 * Variable references, expressions and placeholders are skipped.
 */
const LABELLED_CREDENTIAL =
  /(?<![A-Za-z0-9])["']?([A-Za-z0-9_.-]*?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key))["']?(?:[ \t]*[:=][ \t]*|[ \t]+is[ \t]+)["'`]?([^\s"'`,;]{6,256})/dgi;
const PASSWORD_LABEL = /pass(?:word|wd|phrase)?$|pwd$/i;
const NOT_A_VALUE =
  /[(){}$<>%[\]]|^(?:process|os|env|self|this|config|settings|args|req|request|input|getenv|none|null|nil|true|false|undefined|required|optional|string|str|text|hidden|changeme|password\d*|secret|token)\b/i;

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

function entropyPerCharacter(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / value.length) * Math.log2(count / value.length);
  return entropy;
}

function findLabelledCredentials(text: string, spans: PiiSpan[]): void {
  for (const match of text.matchAll(LABELLED_CREDENTIAL)) {
    const label = match[1] ?? '';
    const value = (match[2] ?? '').replace(/[.]$/, '');
    const start = match.indices?.[2]?.[0];
    if (start === undefined || NOT_A_VALUE.test(value) || looksLikePlaceholderSecret(value)) continue;
    // "my_password", "REDSHIFT_PASSWORD", "API_TOKEN": a name for the value, not the value.
    if (CREDENTIAL_WORD.test(value) || /^[A-Z][A-Z0-9_]*$/.test(value)) continue;
    const password = PASSWORD_LABEL.test(label);
    const credible = password
      ? value.length >= 6 && /\p{L}/u.test(value) && /[^\p{L}]/u.test(value)
      : value.length >= 16 && characterClasses(value) >= 2 && /\d/.test(value) && entropyPerCharacter(value) >= 3.5;
    if (!credible || spans.some((span) => span.start < start + value.length && start < span.end)) continue;
    spans.push({ start, end: start + value.length, entity: 'SECRET', detector: password ? 'PASSWORD' : 'GENERIC', score: 0.8, metadata: { labelled: true } });
  }
}
const CREDENTIAL_WORD = /pass|pwd|secret|token|key/i;

export function createSecretRecognizer(): Recognizer {
  return {
    name: 'secrets',
    entity: 'SECRET',
    mayMatch: (text) => text.length >= 20,
    find(text) {
      const spans: PiiSpan[] = [];
      const awsKeyIds: PiiSpan[] = [];
      for (const secret of SECRET_PATTERNS) {
        if (!secret.keywords.some((keyword) => text.includes(keyword))) continue;
        for (const match of text.matchAll(secret.pattern)) {
          const group = secret.group;
          const token = group === undefined ? match[0] : match[group];
          if (token === undefined || token.length === 0) continue;
          const start = group === undefined ? match.index : (match.indices?.[group]?.[0] ?? match.index + match[0].lastIndexOf(token));
          if (looksLikePlaceholderSecret(token)) continue;
          if (secret.validate && !secret.validate(token)) continue;
          const span: PiiSpan = { start, end: start + token.length, entity: 'SECRET', detector: secret.detector, score: 0.99 };
          spans.push(span);
          if (secret.detector === 'AWS') awsKeyIds.push(span);
        }
      }
      if (awsKeyIds.length > 0 || AWS_SECRET_LABEL.test(text) || /(?:key|secret)["']?\s*[=:]/i.test(text)) findAwsSecretKeys(text, awsKeyIds, spans);
      // Last, so a token a vendor format or the AWS rule already named keeps its detector.
      if (CREDENTIAL_WORD.test(text)) findLabelledCredentials(text, spans);
      return spans;
    },
  };
}
