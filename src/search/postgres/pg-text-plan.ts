/**
 * Query AST → tsquery expressions (and pg_trgm conditions) for search_docs.
 *
 * Text is lower-cased here, not by PostgreSQL: a database created with the C locale lower-cases
 * only ASCII, and the index must find "Привет" for "привет" whatever the database locale.
 * Each term becomes phraseto_tsquery('simple', term), so words keep word semantics and phrases
 * keep word order; a role:/turn: scope restricts the lexemes to the weights of the scoped texts.
 */
import { QuerySyntaxError, type SearchQuery } from '../query-syntax.ts';
import { cjkSpaced, hasCjkCharacter, hasTokenCharacter, scopedColumns, type TextColumn } from '../search-text.ts';
import type { PgParams } from './pg-params.ts';

const WEIGHTS: Record<TextColumn, string> = { first_user: 'A', first_assistant: 'B', rest_user: 'C', rest_assistant: 'D' };

/** What goes into the tsvector for one text. */
export function tsvectorText(text: string): string {
  return cjkSpaced(text.toLowerCase());
}

const NOT_TOKEN = /[^\p{L}\p{N}\p{M}]+/gu;
const SPACE_BY_CJK =
  / ?([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]) ?/gu;

/**
 * The trigram column's text: tokens joined by one space, none next to a CJK character. Because the
 * separator depends only on the two neighbouring tokens, a phrase whose tokens appear in a row in
 * the text is a substring of this string, so LIKE on it never drops a match the tsquery finds.
 */
export function trigramText(text: string): string {
  return text.toLowerCase().replace(NOT_TOKEN, ' ').replace(SPACE_BY_CJK, '$1').trim();
}

/** pg_trgm indexes runs of three or more word characters; only ASCII counts in a C-ctype database. */
function trigramSearchable(normalized: string, unicodeCtype: boolean): boolean {
  return (unicodeCtype ? /[\p{L}\p{N}]{3}/u : /[a-z0-9]{3}/u).test(normalized);
}

export interface PgTextPlan {
  /** tsquery SQL every match must satisfy; null when the query has no positive term. */
  positive: string | null;
  /** tsquery SQL no match may satisfy (any excluded term); null when nothing is excluded. */
  negative: string | null;
  /** LIKE patterns on search_docs.body implied by the positive terms (an index shortcut, never a filter of its own). */
  likes: string[];
}

export function pgTextPlan(query: SearchQuery, params: PgParams, options: { unicodeCtype: boolean }): PgTextPlan {
  const columns = scopedColumns(query);
  const weights = columns.length === 4 ? '' : columns.map((column) => WEIGHTS[column]).join('');
  const termSql = (text: string, position: number): string => {
    const spaced = tsvectorText(text);
    if (!hasTokenCharacter(spaced)) throw new QuerySyntaxError(`"${text}" has no letters or digits to search for`, position);
    const base = `phraseto_tsquery('simple', ${params.add(spaced)})`;
    if (weights === '') return `(${base})`;
    // Every quoted lexeme of the tsquery's text form gets the scope's weight letters.
    return `(regexp_replace(${base}::text, ${params.add("('(?:[^']|'')*')")}, ${params.add(`\\1:${weights}`)}, 'g')::tsquery)`;
  };
  const positives = query.terms.filter((term) => !term.negated);
  const negatives = query.terms.filter((term) => term.negated);
  const likes: string[] = [];
  for (const term of positives) {
    if (term.kind !== 'phrase' && !hasCjkCharacter(term.text)) continue;
    const normalized = trigramText(term.text);
    if (trigramSearchable(normalized, options.unicodeCtype)) likes.push(`%${normalized}%`);
  }
  return {
    positive: positives.length === 0 ? null : `(${positives.map((term) => termSql(term.text, term.position)).join(' && ')})`,
    negative: negatives.length === 0 ? null : `(${negatives.map((term) => termSql(term.text, term.position)).join(' || ')})`,
    likes,
  };
}
