/**
 * URL query parameters ⇄ SearchRequest. The page and its JSON twin read the same parameters,
 * so any view can be bookmarked, shared or fetched as JSON/CSV/JSONL by changing the suffix.
 */
import { z } from 'zod';
import { parseSearchQuery } from '../../search/query-syntax.ts';
import {
  DEFAULT_PAGE_SIZE,
  FACET_FIELDS,
  SEARCH_SORTS,
  SearchRequestError,
  type FacetField,
  type SearchFilters,
  type SearchRequest,
  type SearchSort,
} from '../../search/search-index.ts';

/** Facets computed when the URL does not choose (Datasette-style suggested facets). */
export const DEFAULT_FACETS: readonly FacetField[] = ['dataset', 'language', 'country', 'model', 'toxic', 'month'];

const LIST_PARAMS = ['dataset', 'language', 'country', 'state', 'model', 'moderation', 'jailbreak'] as const;

function booleanParam(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new SearchRequestError(name, `${name} must be true or false`);
}

function integerParam(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  if (!parsed.success) throw new SearchRequestError(name, `${name} must be a whole number from ${min} to ${max}`);
  return parsed.data;
}

function textParam(name: string, value: string | undefined, maxLength = 200): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > maxLength) throw new SearchRequestError(name, `${name} is longer than ${maxLength} characters`);
  return value;
}

export interface SearchParamOptions {
  budgetMs: number;
  countCap: number;
  maxLimit?: number;
}

export function searchRequestFromParams(params: URLSearchParams, options: SearchParamOptions): SearchRequest {
  const query = parseSearchQuery(params.get('q') ?? '');
  const filters: SearchFilters = {};
  for (const name of LIST_PARAMS) {
    const values = params.getAll(name).filter((value, index, all) => all.indexOf(value) === index);
    if (values.length > 50) throw new SearchRequestError(name, `at most 50 values of ${name}`);
    for (const value of values) textParam(name, value || 'x');
    if (values.length > 0) filters[name] = values;
  }
  const single = (name: string): string | undefined => params.get(name) ?? undefined;
  const toxic = booleanParam('toxic', single('toxic'));
  if (toxic !== undefined) filters.toxic = toxic;
  const redacted = booleanParam('redacted', single('redacted'));
  if (redacted !== undefined) filters.redacted = redacted;
  const minTurns = integerParam('min_turns', single('min_turns'), 0, 1_000_000);
  if (minTurns !== undefined) filters.minTurns = minTurns;
  const maxTurns = integerParam('max_turns', single('max_turns'), 0, 1_000_000);
  if (maxTurns !== undefined) filters.maxTurns = maxTurns;
  const from = textParam('from', single('from'), 40);
  if (from !== undefined) filters.from = from;
  const to = textParam('to', single('to'), 40);
  if (to !== undefined) filters.to = to;
  const hashedIp = textParam('hashed_ip', single('hashed_ip'));
  if (hashedIp !== undefined) filters.hashedIp = hashedIp;
  const conversationHash = textParam('conversation_hash', single('conversation_hash'));
  if (conversationHash !== undefined) filters.conversationHash = conversationHash;
  const turnIdentifier = integerParam('turn_identifier', single('turn_identifier'), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (turnIdentifier !== undefined) filters.turnIdentifier = turnIdentifier;

  const sortText = single('sort') ?? 'time-desc';
  if (!(SEARCH_SORTS as readonly string[]).includes(sortText)) throw new SearchRequestError('sort', `sort must be one of ${SEARCH_SORTS.join(', ')}`);
  const facetParam = params.getAll('facet');
  const facets = facetParam.length === 0 ? DEFAULT_FACETS : facetParam.includes('none') ? [] : facetParam;
  for (const facet of facets) {
    if (!(FACET_FIELDS as readonly string[]).includes(facet))
      throw new SearchRequestError('facet', `facet must be one of ${FACET_FIELDS.join(', ')} (or none)`);
  }
  return {
    query,
    filters,
    sort: sortText as SearchSort,
    limit: integerParam('limit', single('limit'), 1, options.maxLimit ?? 100) ?? DEFAULT_PAGE_SIZE,
    cursor: textParam('cursor', single('cursor'), 500) ?? null,
    facets: facets as FacetField[],
    countCap: options.countCap,
    budgetMs: options.budgetMs,
  };
}
