/** Highlighting search terms: React nodes for plain text, text-node wrapping for rendered Markdown. */
import type { ReactNode } from 'react';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

export function termsPattern(terms: readonly string[]): RegExp | null {
  const usable = terms.filter((term) => term.trim() !== '').sort((a, b) => b.length - a.length);
  return usable.length === 0 ? null : new RegExp(`(${usable.map(escapeRegExp).join('|')})`, 'giu');
}

export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }): ReactNode {
  const pattern = termsPattern(terms);
  if (pattern === null) return text;
  return text.split(pattern).map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part));
}

/**
 * What the release pipeline leaves where PII was: WildChat's `<PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>` and
 * `<TRUFFLEHOG_REDACTED_...>` (redact policy) or numbered placeholders `NAME_1`, `EMAIL_2` (placeholder policy).
 */
export const PLACEHOLDER_PATTERN = /(<(?:PRESIDIO_ANONYMIZED|TRUFFLEHOG_REDACTED)_[A-Z0-9_]+>|\b[A-Z][A-Z]+(?:_[A-Z]+)*_\d+\b)/gu;

/** Wraps matches in text nodes under `root` (never touches markup: only text is split). */
export function markTextNodes(root: HTMLElement, pattern: RegExp, className: string | null): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode())
    if (node instanceof Text && node.parentElement?.closest('mark') == null) nodes.push(node);
  for (const node of nodes) {
    const text = node.data;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      if (start > last) fragment.append(text.slice(last, start));
      const mark = document.createElement('mark');
      if (className !== null) mark.className = className;
      mark.textContent = match[0];
      fragment.append(mark);
      last = start + match[0].length;
    }
    if (last < text.length) fragment.append(text.slice(last));
    node.replaceWith(fragment);
  }
}
