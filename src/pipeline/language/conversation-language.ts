import { NO_LANGUAGE } from './language-names.ts';

export interface ConversationLanguage {
  /** Most frequent turn language other than Nolang (first seen wins ties); Nolang only if every turn is blank. */
  language: string;
  /** True when the non-blank turns are not all in one language. */
  codeSwitching: boolean;
  /** Distinct non-Nolang languages in order of first appearance. */
  languages: string[];
}

export function conversationLanguage(turnLanguages: readonly string[]): ConversationLanguage {
  const counts = new Map<string, number>();
  for (const language of turnLanguages) {
    if (language === NO_LANGUAGE) continue;
    counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best = NO_LANGUAGE;
  let bestCount = 0;
  // Map iteration follows insertion order, and only a strictly larger count replaces the leader,
  // so the first-seen language wins ties as in WildChat.
  for (const [language, count] of counts) {
    if (count > bestCount) { best = language; bestCount = count; }
  }
  return { language: best, codeSwitching: counts.size > 1, languages: [...counts.keys()] };
}
