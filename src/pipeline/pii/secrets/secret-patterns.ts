/**
 * Token formats of the credentials people paste into chatbots, named after the TruffleHog
 * detectors WildChat used (`<TRUFFLEHOG_REDACTED_{DETECTOR}>`). Formats come from the vendors'
 * public documentation; each pattern must match the whole token so nothing of it is left.
 */
export interface SecretPattern {
  detector: string;
  pattern: RegExp;
  /** Cheap substrings; at least one must occur before the regex runs. */
  keywords: readonly string[];
  /** Optional extra check on the matched token (e.g. a decodable JWT header). */
  validate?: (token: string) => boolean;
  /** Capture group holding the secret when only part of the match is sensitive. */
  group?: number;
}

function hasMixedCharacters(token: string): boolean {
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token);
}

/** Documentation placeholders (AWS's "…EXAMPLE" keys, "xxxx" runs) are not secrets. */
export function looksLikePlaceholderSecret(token: string): boolean {
  return /EXAMPLE|example|x{6,}|X{6,}|\*{4,}|0{10,}|1234567890abcdef|your[_-]?(?:api[_-]?)?key|\.\.\./.test(token);
}

function decodesToJsonHeader(token: string): boolean {
  const header = token.split('.')[0] ?? '';
  try {
    const json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null && ('alg' in json || 'typ' in json);
  } catch {
    return false;
  }
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { detector: 'ANTHROPIC', keywords: ['sk-ant-'], pattern: /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,}|\bsk-ant-[A-Za-z0-9_-]{32,}/g },
  {
    detector: 'OPENAI', keywords: ['sk-'],
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-(?!ant-|or-)(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{40,}|\bsk-(?!ant-|or-)[A-Za-z0-9]{32,64}\b/g,
    validate: hasMixedCharacters,
  },
  { detector: 'AWS', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIDA', 'AROA', 'AGPA'], pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AGPA)[A-Z0-9]{16}\b/g },
  { detector: 'GOOGLE', keywords: ['AIza'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { detector: 'GITHUB', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g },
  { detector: 'GITLAB', keywords: ['glpat-'], pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { detector: 'SLACKWEBHOOK', keywords: ['hooks.slack.com'], pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/-]{20,}/g },
  { detector: 'SLACK', keywords: ['xox'], pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g },
  { detector: 'STRIPE', keywords: ['_live_'], pattern: /\b(?:sk|rk|pk)_live_[A-Za-z0-9]{20,}\b/g },
  { detector: 'TELEGRAMBOTTOKEN', keywords: [':'], pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])|\b\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g, validate: (token) => /[A-Za-z]/.test(token.split(':')[1] ?? '') },
  { detector: 'DISCORDWEBHOOK', keywords: ['/api/webhooks/'], pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,20}\/[A-Za-z0-9_-]{40,}/g },
  { detector: 'DISCORDBOTTOKEN', keywords: ['.'], pattern: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g, validate: hasMixedCharacters },
  { detector: 'JWT', keywords: ['eyJ'], pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, validate: decodesToJsonHeader },
  {
    detector: 'PRIVATEKEY', keywords: ['PRIVATE KEY-----'],
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    // A real key body has dozens of base64 characters; "-----BEGIN PRIVATE KEY-----\n...\n" has not.
    validate: (token) => /[A-Za-z0-9+/=]{40,}/.test(token.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')),
  },
  {
    // scheme://user:password@host — only the password (group 1) is redacted.
    detector: 'URI', keywords: ['://'], group: 1,
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/@'"`<>]{1,64}:([^\s@/'"`<>]{1,128})@[A-Za-z0-9._-]+/g,
    validate: (password) => !/^(?:password|passwd|pass|pwd|secret|\*+|x+|\.{3}|<[^>]*>|\{[^}]*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%\(?[A-Za-z_]+\)?s?|your[_-]?password|mypassword|changeme|yourpassword|\[[^\]]*\])$/i.test(password),
  },
];
