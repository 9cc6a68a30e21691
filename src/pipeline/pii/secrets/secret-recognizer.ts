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
      return spans;
    },
  };
}
