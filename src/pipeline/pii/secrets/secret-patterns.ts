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
  /** Capture group holding the secret when only part of the match is sensitive (the pattern needs the `d` flag). */
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
    detector: 'OPENAI',
    keywords: ['sk-'],
    pattern:
      /\bsk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-(?!ant-|or-)(?:proj-|svcacct-|admin-)[A-Za-z0-9_-]{40,}|\bsk-(?!ant-|or-)[A-Za-z0-9]{32,64}\b/g,
    validate: hasMixedCharacters,
  },
  { detector: 'AWS', keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AIDA', 'AROA', 'AGPA'], pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AGPA)[A-Z0-9]{16}\b/g },
  { detector: 'GOOGLE', keywords: ['AIza'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  {
    detector: 'GITHUB',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g,
  },
  { detector: 'GITLAB', keywords: ['glpat-'], pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { detector: 'SLACKWEBHOOK', keywords: ['hooks.slack.com'], pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9_/-]{20,}/g },
  { detector: 'SLACK', keywords: ['xox'], pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g },
  { detector: 'STRIPE', keywords: ['_live_'], pattern: /\b(?:sk|rk|pk)_live_[A-Za-z0-9]{20,}\b/g },
  {
    detector: 'TELEGRAMBOTTOKEN',
    keywords: [':'],
    pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])|\b\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    validate: (token) => /[A-Za-z]/.test(token.split(':')[1] ?? ''),
  },
  {
    detector: 'DISCORDWEBHOOK',
    keywords: ['/api/webhooks/'],
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,20}\/[A-Za-z0-9_-]{40,}/g,
  },
  {
    detector: 'DISCORDBOTTOKEN',
    keywords: ['.'],
    pattern: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g,
    validate: hasMixedCharacters,
  },
  { detector: 'JWT', keywords: ['eyJ'], pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, validate: decodesToJsonHeader },
  {
    detector: 'PRIVATEKEY',
    keywords: ['PRIVATE KEY-----'],
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    // A real key body has dozens of base64 characters; "-----BEGIN PRIVATE KEY-----\n...\n" has not.
    validate: (token) => /[A-Za-z0-9+/=]{40,}/.test(token.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')),
  },
  {
    detector: 'HUGGINGFACE',
    keywords: ['hf_', 'api_org_'],
    pattern: /\b(?:hf|api_org)_[A-Za-z0-9]{34,40}\b/g,
    validate: (token) => /[A-Z]/.test(token) && /[a-z]/.test(token.slice(3)),
  },
  { detector: 'OPENROUTER', keywords: ['sk-or-'], pattern: /\bsk-or-v1-[a-f0-9]{64}\b/g },
  { detector: 'DEEPSEEK', keywords: ['sk-'], pattern: /\bsk-[a-f0-9]{32}\b/g, validate: (token) => /\d/.test(token.slice(3)) && /[a-f]/.test(token.slice(3)) },
  { detector: 'GROQ', keywords: ['gsk_'], pattern: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { detector: 'PERPLEXITY', keywords: ['pplx-'], pattern: /\bpplx-[A-Za-z0-9]{48}\b/g },
  { detector: 'XAI', keywords: ['xai-'], pattern: /\bxai-[A-Za-z0-9]{70,90}\b/g },
  { detector: 'REPLICATE', keywords: ['r8_'], pattern: /\br8_[A-Za-z0-9]{37}\b/g },
  { detector: 'NPMTOKEN', keywords: ['npm_'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { detector: 'PYPI', keywords: ['pypi-'], pattern: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
  { detector: 'SENDGRID', keywords: ['SG.'], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { detector: 'TWILIO', keywords: ['SK'], pattern: /\bSK[0-9a-f]{32}\b/g },
  { detector: 'MAILGUN', keywords: ['key-'], pattern: /\bkey-[0-9a-zA-Z]{32}\b/g, validate: (token) => /\d/.test(token) },
  { detector: 'MAILCHIMP', keywords: ['-us'], pattern: /\b[0-9a-f]{32}-us\d{1,2}\b/g },
  { detector: 'SQUARE', keywords: ['sq0', 'EAAA'], pattern: /\bsq0(?:atp|csp|idp)-[0-9A-Za-z_-]{22,43}\b|\bEAAA[A-Za-z0-9_-]{60}\b/g },
  { detector: 'SHOPIFY', keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  { detector: 'DIGITALOCEAN', keywords: ['_v1_'], pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { detector: 'HEROKU', keywords: ['HRKU-'], pattern: /\bHRKU-[A-Za-z0-9_-]{20,}/g },
  { detector: 'ATLASSIAN', keywords: ['ATATT'], pattern: /\bATATT3[A-Za-z0-9_=-]{100,}/g },
  { detector: 'GOOGLEOAUTH2', keywords: ['GOCSPX-', 'ya29.'], pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}\b|\bya29\.[0-9A-Za-z_-]{30,}/g },
  { detector: 'FACEBOOKOAUTH', keywords: ['EAA'], pattern: /\bEAA[BCDG][A-Za-z0-9]{80,}\b/g },
  { detector: 'DROPBOX', keywords: ['sl.'], pattern: /\bsl\.[A-Za-z0-9_-]{130,}/g },
  { detector: 'LINEARAPI', keywords: ['lin_api_'], pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { detector: 'NOTION', keywords: ['secret_', 'ntn_'], pattern: /\bsecret_[A-Za-z0-9]{43}\b|\bntn_[A-Za-z0-9]{46}\b/g, validate: hasMixedCharacters },
  { detector: 'POSTMAN', keywords: ['PMAK-'], pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g },
  { detector: 'DATABRICKSTOKEN', keywords: ['dapi'], pattern: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { detector: 'DOPPLER', keywords: ['dp.'], pattern: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b/g },
  { detector: 'SUPABASETOKEN', keywords: ['sbp_'], pattern: /\bsbp_[a-f0-9]{40}\b/g },
  { detector: 'PULUMI', keywords: ['pul-'], pattern: /\bpul-[a-f0-9]{40}\b/g },
  { detector: 'TERRAFORMCLOUDPERSONALTOKEN', keywords: ['.atlasv1.'], pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,70}\b/g },
  { detector: 'GRAFANA', keywords: ['glsa_', 'glc_'], pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/]{32,}={0,2}/g },
  { detector: 'NEWRELIC', keywords: ['NRAK-'], pattern: /\bNRAK-[A-Z0-9]{27}\b/g },
  { detector: 'SENTRYTOKEN', keywords: ['sntrys_', 'sntryu_'], pattern: /\bsntrys_[A-Za-z0-9+/=_-]{50,}|\bsntryu_[a-f0-9]{64}\b/g },
  { detector: 'MAPBOX', keywords: ['sk.eyJ'], pattern: /\bsk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}/g },
  { detector: 'ALIBABA', keywords: ['LTAI'], pattern: /\bLTAI[A-Za-z0-9]{12,20}\b/g, validate: hasMixedCharacters },
  { detector: 'TENCENTCLOUD', keywords: ['AKID'], pattern: /\bAKID[A-Za-z0-9]{32}\b/g, validate: hasMixedCharacters },
  // Azure storage connection strings: only the account key (group 1) is redacted.
  { detector: 'AZURESTORAGE', keywords: ['AccountKey='], group: 1, pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/dg },
  {
    // scheme://user:password@host — only the password (group 1) is redacted.
    detector: 'URI',
    keywords: ['://'],
    group: 1,
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/@'"`<>]{1,64}:([^\s@/'"`<>]{1,128})@[A-Za-z0-9._-]+/dg,
    validate: (password) =>
      !/^(?:password|passwd|pass|pwd|secret|\*+|x+|\.{3}|<[^>]*>|\{[^}]*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%\(?[A-Za-z_]+\)?s?|your[_-]?password|mypassword|changeme|yourpassword|\[[^\]]*\])$/i.test(
        password,
      ),
  },
];
