/** SearchFilters → SQL clauses over `search_docs d` (bound parameters only), dates as an id range. */
import { canonicalCategory } from '../document-fields.ts';
import type { SearchFilters } from '../search-index.ts';
import { idBound } from '../time-ids.ts';
import type { PgParams } from './pg-params.ts';

function inList(column: string, values: readonly string[], params: PgParams, clauses: string[]): void {
  if (values.length === 0) return;
  const known = values.filter((value) => value !== '');
  const parts: string[] = [];
  if (known.length > 0) parts.push(`${column} = ANY(${params.add(known)}::text[])`);
  // An empty value selects "unknown" (null), so a facet's null bucket is clickable too.
  if (known.length < values.length) parts.push(`${column} IS NULL`);
  clauses.push(parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' OR ')})`);
}

export function pgFilterClauses(filters: SearchFilters, params: PgParams): string[] {
  const clauses: string[] = [];
  inList('d.dataset', filters.dataset ?? [], params, clauses);
  inList('d.language', filters.language ?? [], params, clauses);
  inList('d.country', filters.country ?? [], params, clauses);
  inList('d.state', filters.state ?? [], params, clauses);
  inList('d.model', filters.model ?? [], params, clauses);
  if (filters.toxic !== undefined) clauses.push(filters.toxic ? 'd.toxic' : 'NOT d.toxic');
  if (filters.redacted !== undefined) clauses.push(filters.redacted ? 'd.redacted' : 'NOT d.redacted');
  for (const category of filters.moderation ?? []) clauses.push(`strpos(d.moderation, ${params.add(`,${canonicalCategory(category)},`)}) > 0`);
  const jailbreak = filters.jailbreak ?? [];
  if (jailbreak.includes('any')) clauses.push('d.jailbreak IS NOT NULL');
  else inList('d.jailbreak', jailbreak, params, clauses);
  if (filters.minTurns !== undefined) clauses.push(`d.turns >= ${params.add(filters.minTurns)}`);
  if (filters.maxTurns !== undefined) clauses.push(`d.turns <= ${params.add(filters.maxTurns)}`);
  if (filters.from !== undefined) clauses.push(`d.id >= ${params.add(idBound('from', filters.from))}`);
  if (filters.to !== undefined) clauses.push(`d.id < ${params.add(idBound('to', filters.to))}`);
  if (filters.hashedIp !== undefined) clauses.push(`d.hashed_ip = ${params.add(filters.hashedIp)}`);
  if (filters.conversationHash !== undefined) clauses.push(`d.conversation_hash = ${params.add(filters.conversationHash)}`);
  if (filters.turnIdentifier !== undefined)
    clauses.push(`d.id IN (SELECT t.id FROM search_turns t WHERE t.turn_identifier = ${params.add(filters.turnIdentifier)})`);
  return clauses;
}
