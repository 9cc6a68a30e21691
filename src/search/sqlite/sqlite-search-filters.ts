/** SearchFilters → SQL clauses over `docs d` (bound parameters only) plus an id range for dates. */
import type { SearchFilters } from '../search-index.ts';
import { canonicalCategory } from '../document-fields.ts';
import { idBound } from '../time-ids.ts';

export interface SqlPiece {
  sql: string;
  params: Array<string | number>;
}

export interface FilterSql {
  clauses: SqlPiece[];
  /** Inclusive lower and exclusive upper bound on document ids (time range), or null. */
  idFrom: number | null;
  idTo: number | null;
  /** A filter that few documents pass: drive the query from the docs table, not the text index. */
  selective: boolean;
}

function inList(column: string, values: readonly string[], sql: FilterSql): void {
  if (values.length === 0) return;
  const known = values.filter((value) => value !== '');
  const parts: string[] = [];
  if (known.length > 0) parts.push(`${column} IN (${known.map(() => '?').join(', ')})`);
  // An empty value selects "unknown" (null), so a facet's null bucket is clickable too.
  if (known.length < values.length) parts.push(`${column} IS NULL`);
  sql.clauses.push({ sql: parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' OR ')})`, params: known });
}

export function filterSql(filters: SearchFilters): FilterSql {
  const sql: FilterSql = { clauses: [], idFrom: null, idTo: null, selective: false };
  inList('d.dataset', filters.dataset ?? [], sql);
  inList('d.language', filters.language ?? [], sql);
  inList('d.country', filters.country ?? [], sql);
  inList('d.state', filters.state ?? [], sql);
  inList('d.model', filters.model ?? [], sql);
  if (filters.toxic !== undefined) sql.clauses.push({ sql: filters.toxic ? 'd.toxic = 1' : 'd.toxic = 0', params: [] });
  if (filters.redacted !== undefined) sql.clauses.push({ sql: filters.redacted ? 'd.redacted = 1' : 'd.redacted = 0', params: [] });
  for (const category of filters.moderation ?? []) {
    sql.clauses.push({ sql: 'instr(d.moderation, ?) > 0', params: [`,${canonicalCategory(category)},`] });
  }
  const jailbreak = filters.jailbreak ?? [];
  if (jailbreak.includes('any')) sql.clauses.push({ sql: 'd.jailbreak IS NOT NULL', params: [] });
  else inList('d.jailbreak', jailbreak, sql);
  if (filters.minTurns !== undefined) {
    sql.clauses.push({ sql: 'd.turns >= ?', params: [filters.minTurns] });
  }
  if (filters.maxTurns !== undefined) {
    sql.clauses.push({ sql: 'd.turns <= ?', params: [filters.maxTurns] });
  }
  if (filters.from !== undefined) sql.idFrom = idBound('from', filters.from);
  if (filters.to !== undefined) sql.idTo = idBound('to', filters.to);
  if (filters.hashedIp !== undefined) {
    sql.clauses.push({ sql: 'd.hashed_ip = ?', params: [filters.hashedIp] });
    sql.selective = true;
  }
  if (filters.conversationHash !== undefined) {
    sql.clauses.push({ sql: 'd.conversation_hash = ?', params: [filters.conversationHash] });
    sql.selective = true;
  }
  if (filters.turnIdentifier !== undefined) {
    sql.clauses.push({ sql: 'd.id IN (SELECT id FROM doc_turns WHERE turn_identifier = ?)', params: [filters.turnIdentifier] });
    sql.selective = true;
  }
  return sql;
}
