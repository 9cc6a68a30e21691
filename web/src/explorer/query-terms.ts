/** Terms to highlight for a query string, with the same parser the server uses (never throws). */
import { highlightTerms, parseSearchQuery } from '../../../src/search/query-syntax.ts';

export function termsOf(query: string): string[] {
  try {
    return highlightTerms(parseSearchQuery(query));
  } catch {
    return [];
  }
}
