/**
 * Filter values as tokens of the FTS5 table (column `tags`), so a text search with equality
 * filters is one FTS5 AND: the engine intersects the doclists and skips, instead of reading the
 * docs row of every match of a frequent word only to drop most of them on language, country and
 * model. The SQL filter clauses stay in the query, so the tags only narrow the candidates and
 * cannot change a result. Relevance order does not use them (bm25 counts every column's tokens
 * in a row's length, and the extra phrases would be scored).
 */
import { createHash } from 'node:crypto';
import type { DocumentFields } from '../document-fields.ts';
import type { SearchFilters } from '../search-index.ts';

const TAGGED_FIELDS = ['dataset', 'language', 'country', 'state', 'model'] as const;
type TaggedField = (typeof TAGGED_FIELDS)[number];

/** A token of letters and digits only; "unknown" (null) has a tag of its own, as '' selects it. */
export function filterTag(field: TaggedField, value: string | null): string {
  const digest = createHash('sha1')
    .update(value === null ? `${field}\u0001` : `${field}\u0000${value}`)
    .digest('hex')
    .slice(0, 20);
  return `zt${digest}`;
}

/** The `tags` column text of one conversation. */
export function documentTags(dataset: string, fields: DocumentFields): string {
  const values: Record<TaggedField, string | null> = {
    dataset,
    language: fields.language,
    country: fields.country,
    state: fields.state,
    model: fields.model,
  };
  return TAGGED_FIELDS.map((field) => filterTag(field, values[field])).join(' ');
}

/** The FTS5 expression every match must also satisfy for these filters, or null when none is tagged. */
export function filterTagsExpression(filters: SearchFilters): string | null {
  const parts: string[] = [];
  for (const field of TAGGED_FIELDS) {
    const values = filters[field] ?? [];
    if (values.length === 0) continue;
    const tags = [...new Set(values.map((value) => filterTag(field, value === '' ? null : value)))].map((tag) => `"${tag}"`);
    parts.push(`tags : (${tags.join(' OR ')})`);
  }
  return parts.length === 0 ? null : parts.join(' AND ');
}
