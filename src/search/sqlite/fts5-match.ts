/**
 * Query AST → FTS5 MATCH expression for the unicode61 table.
 *
 * Why not only the trigram tokenizer: FTS5's trigram index cannot find terms shorter than three
 * characters, and most Chinese words are one or two characters (你好, 天气). So text goes into a
 * unicode61 table with every CJK character made its own token (cjkSpaced); a CJK query becomes a
 * phrase of single characters, which finds any CJK substring of any length, and Latin, Cyrillic
 * ... words keep word semantics (a search for "cat" does not match "category").
 */
import { QuerySyntaxError, type SearchQuery } from '../query-syntax.ts';
import { cjkSpaced, hasTokenCharacter, scopedColumns } from '../search-text.ts';

export { cjkSpaced } from '../search-text.ts';

function quoted(text: string, position: number): string {
  const spaced = cjkSpaced(text);
  if (!hasTokenCharacter(spaced)) throw new QuerySyntaxError(`"${text}" has no letters or digits to search for`, position);
  return `"${spaced.replaceAll('"', '""')}"`;
}

export interface Fts5Plan {
  /** MATCH expression the conversation must satisfy; null when the query has no positive term. */
  positive: string | null;
  /** MATCH expression the conversation must NOT satisfy (only when there is no positive term). */
  excludedOnly: string | null;
}

export function fts5Plan(query: SearchQuery): Fts5Plan {
  const columns = `{${scopedColumns(query).join(' ')}}`;
  const positives = query.terms.filter((term) => !term.negated).map((term) => quoted(term.text, term.position));
  const negatives = query.terms.filter((term) => term.negated).map((term) => quoted(term.text, term.position));
  if (positives.length > 0) {
    const expression = `(${positives.join(' AND ')})${negatives.map((negative) => ` NOT ${negative}`).join('')}`;
    return { positive: `${columns} : (${expression})`, excludedOnly: null };
  }
  if (negatives.length > 0) return { positive: null, excludedOnly: `${columns} : (${negatives.join(' OR ')})` };
  return { positive: null, excludedOnly: null };
}
