/**
 * The explorer's search syntax, parsed into a small AST. Pure: no engine knows about text here,
 * so every SearchIndex adapter translates the same AST (FTS5 MATCH, tsquery, ...).
 *
 *   climate change            both words (any order, anywhere in the scoped text)
 *   "climate change"          the exact phrase
 *   -weather  -"tell me"      excluded word / phrase
 *   role:user  role:assistant role:any    which side of the conversation to search
 *   turn:first                only the first user message and the first reply
 *
 * Matching is case-insensitive. A malformed query raises QuerySyntaxError with the 0-based
 * character position of the problem, so the page and the JSON API can point at it.
 */

export type SearchRole = 'any' | 'user' | 'assistant';

export interface QueryTerm {
  kind: 'word' | 'phrase';
  /** The text to find, as typed (quotes removed). */
  text: string;
  negated: boolean;
  /** Where the term starts in the query string. */
  position: number;
}

export interface SearchQuery {
  terms: QueryTerm[];
  role: SearchRole;
  firstTurnOnly: boolean;
}

export const EMPTY_QUERY: SearchQuery = Object.freeze({ terms: [], role: 'any', firstTurnOnly: false }) as SearchQuery;

export class QuerySyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'QuerySyntaxError';
    this.position = position;
  }
}

export const MAX_QUERY_LENGTH = 1000;
export const MAX_QUERY_TERMS = 32;

const OPERATORS = new Set(['role', 'turn']);

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

export function parseSearchQuery(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) throw new QuerySyntaxError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const terms: QueryTerm[] = [];
  let role: SearchRole | null = null;
  let firstTurnOnly = false;
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    if (isSpace(char)) {
      index += 1;
      continue;
    }
    const start = index;
    let negated = false;
    if (char === '-') {
      negated = true;
      index += 1;
      const next = input[index];
      if (next === undefined || isSpace(next)) throw new QuerySyntaxError('"-" must be followed by a word or a "phrase" to exclude', start);
    }
    if (input[index] === '"') {
      const close = input.indexOf('"', index + 1);
      if (close === -1) throw new QuerySyntaxError('this quote is never closed', index);
      const text = input
        .slice(index + 1, close)
        .trim()
        .replace(/\s+/gu, ' ');
      if (text === '') throw new QuerySyntaxError('empty phrase ""', index);
      terms.push({ kind: 'phrase', text, negated, position: start });
      index = close + 1;
      const after = input[index];
      if (after !== undefined && !isSpace(after)) throw new QuerySyntaxError('put a space after a closing quote', index);
      continue;
    }
    let end = index;
    while (end < input.length && !isSpace(input[end] ?? ' ') && input[end] !== '"') end += 1;
    if (input[end] === '"') throw new QuerySyntaxError('a quote inside a word: put a space before the phrase', end);
    const word = input.slice(index, end);
    index = end;
    const colon = word.indexOf(':');
    const operator = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (OPERATORS.has(operator)) {
      if (negated) throw new QuerySyntaxError(`"${operator}:" cannot be excluded`, start);
      const value = word.slice(colon + 1).toLowerCase();
      if (operator === 'role') {
        if (value !== 'user' && value !== 'assistant' && value !== 'any') throw new QuerySyntaxError('role: takes user, assistant or any', start);
        if (role !== null && role !== value) throw new QuerySyntaxError('two different role: scopes', start);
        role = value;
      } else {
        if (value !== 'first') throw new QuerySyntaxError('turn: takes first', start);
        firstTurnOnly = true;
      }
      continue;
    }
    terms.push({ kind: 'word', text: word, negated, position: start });
  }
  if (terms.length > MAX_QUERY_TERMS) throw new QuerySyntaxError(`more than ${MAX_QUERY_TERMS} terms`, terms[MAX_QUERY_TERMS]?.position ?? 0);
  return { terms, role: role ?? 'any', firstTurnOnly };
}

/** The query back as text (canonical spacing): parse(format(q)) equals q up to positions. */
export function formatSearchQuery(query: SearchQuery): string {
  const parts = query.terms.map((term) => `${term.negated ? '-' : ''}${term.kind === 'phrase' ? `"${term.text}"` : term.text}`);
  if (query.role !== 'any') parts.push(`role:${query.role}`);
  if (query.firstTurnOnly) parts.push('turn:first');
  return parts.join(' ');
}

/** The strings a result view should highlight: the positive terms. */
export function highlightTerms(query: SearchQuery): string[] {
  return query.terms.filter((term) => !term.negated).map((term) => term.text);
}
