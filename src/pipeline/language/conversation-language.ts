import { mostFrequent } from '../../core/most-frequent.ts';
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
  const spoken = turnLanguages.filter((language) => language !== NO_LANGUAGE);
  const languages = [...new Set(spoken)];
  return { language: mostFrequent(spoken) ?? NO_LANGUAGE, codeSwitching: languages.length > 1, languages };
}
