/**
 * Peers run side by side with the local backend on the same lines: the two word-list packages it
 * builds on, used the way a project would use them on their own.
 * - obscenity 0.4.6: its English dataset with the recommended transformers, flagged on any match;
 * - naughty-words 1.2.0: every list of every language, whole words for space-separated scripts
 *   and substrings for CJK, Hangul and Thai (the usual way of applying LDNOOBW lists).
 */
import { createRequire } from 'node:module';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { z } from 'zod';

export interface BinaryClassifier {
  name: string;
  flag(text: string): boolean;
}

export function obscenityPeer(): BinaryClassifier {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return { name: 'obscenity 0.4.6 (any match)', flag: (text) => matcher.hasMatch(text) };
}

const SUBSTRING_SCRIPT = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

export function naughtyWordsPeer(): BinaryClassifier {
  const require = createRequire(import.meta.url);
  const lists = z.record(z.string(), z.array(z.string())).parse(require('naughty-words'));
  const words = new Set<string>();
  const substrings: string[] = [];
  for (const terms of Object.values(lists)) {
    for (const raw of terms) {
      const term = raw.normalize('NFKC').toLowerCase().trim();
      if (term.length === 0) continue;
      if (SUBSTRING_SCRIPT.test(term)) substrings.push(term);
      else
        words.add(
          term
            .split(/[^\p{L}\p{N}]+/u)
            .filter((token) => token.length > 0)
            .join(' '),
        );
    }
  }
  const substringPattern = new RegExp(substrings.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'u');
  return {
    name: 'naughty-words 1.2.0 (all lists)',
    flag(text) {
      const lower = text.normalize('NFKC').toLowerCase();
      if (substringPattern.test(lower)) return true;
      const tokens = lower.split(/[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
      for (let start = 0; start < tokens.length; start += 1) {
        let key = '';
        for (let length = 1; length <= 4 && start + length <= tokens.length; length += 1) {
          key = length === 1 ? (tokens[start] as string) : `${key} ${tokens[start + length - 1] as string}`;
          if (words.has(key)) return true;
        }
      }
      return false;
    },
  };
}
