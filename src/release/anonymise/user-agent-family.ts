/**
 * The user-agent reduced to what a study of clients needs — browser family, its major version and
 * the operating system — and accept-language reduced to its primary language tags. The full
 * strings (up to 512 characters: build numbers, device models, extensions) single people out.
 */

export interface ReducedUserAgent {
  family: string;
  major: string | null;
  os: string;
}

/** Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: readonly [family: string, pattern: RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\b(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Yandex', /\bYaBrowser\/(\d+)/],
  ['Vivaldi', /\bVivaldi\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//],
  ['curl', /^curl\/(\d+)/],
  ['python-requests', /^python-requests\/(\d+)/],
  ['Python', /^(?:python-httpx|aiohttp|Python(?:-urllib)?)\/(\d+)/],
  ['OpenAI SDK', /^(?:OpenAI|AsyncOpenAI)\/(?:Python|JS) (\d+)/],
  ['Node.js', /^node(?:-fetch)?\/?(\d+)?/i],
];

const SYSTEMS: readonly [os: string, pattern: RegExp][] = [
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Windows', /\bWindows\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b|\bX11\b/],
];

export function reduceUserAgent(userAgent: string | null): ReducedUserAgent | null {
  if (userAgent === null || userAgent.trim() === '') return null;
  let family = 'Other';
  let major: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match !== null) {
      family = name;
      major = match[1] ?? null;
      break;
    }
  }
  const os = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? 'Other';
  return { family, major, os };
}

/** "Chrome 120 (Windows)", "Other (Other)". */
export function formatReducedUserAgent(reduced: ReducedUserAgent | null): string | null {
  if (reduced === null) return null;
  return `${reduced.family}${reduced.major === null ? '' : ` ${reduced.major}`} (${reduced.os})`;
}

/** "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7" → "fr, en, de": distinct primary tags in order of appearance. */
export function reduceAcceptLanguage(value: string | null): string | null {
  if (value === null) return null;
  const tags: string[] = [];
  for (const part of value.split(',')) {
    const primary = part.split(';')[0]?.trim().split('-')[0]?.toLowerCase() ?? '';
    if (/^[a-z]{2,3}$/.test(primary) && !tags.includes(primary)) tags.push(primary);
    if (tags.length === 5) break;
  }
  return tags.length === 0 ? null : tags.join(', ');
}
