/**
 * SearchIndex on SQLite FTS5 (better-sqlite3), embedded in one file. Queries run on the main
 * thread, row by row: the time budget is checked while rows stream, so a search that runs long
 * stops with what it has and says so. (better-sqlite3 has no interrupt; a query whose first row
 * needs a full sort, i.e. relevance order over very many matches, can overrun before the check.)
 */
import Database from 'better-sqlite3';
import { releaseRecordSchema } from '../../schema/release-record.ts';
import { searchHitFromRow, type SearchHitRow } from '../search-hit-row.ts';
import { compressRecord as compress, decompressRecord as decompress } from '../stored-record.ts';
import { documentFields, documentTexts } from '../document-fields.ts';
import { highlightTerms } from '../query-syntax.ts';
import {
  DEFAULT_BUDGET_MS,
  DEFAULT_COUNT_CAP,
  DEFAULT_FACET_SIZE,
  FACET_FIELDS,
  MAX_PAGE_SIZE,
  SearchRequestError,
  type AddDocumentsResult,
  type ConversationDocument,
  type Facet,
  type FacetField,
  type FacetValue,
  type IndexDocument,
  type IndexedDataset,
  type SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SearchSort,
  type UserRequest,
  type UserResult,
  type UserTimelineEntry,
} from '../search-index.ts';
import { cjkSpaced, fts5Plan } from './fts5-match.ts';
import { decodeCursor, encodeCursor } from '../search-cursor.ts';
import { filterSql, type SqlPiece } from './sqlite-search-filters.ts';
import { documentTags, filterTagsExpression } from './filter-tags.ts';
import { ID_SEQUENCE_BITS, idSecond, tooManyInOneSecond } from '../time-ids.ts';
import { createSearchSchema } from './sqlite-search-schema.ts';
import { useBulkLoadFts5, useIncrementalFts5, useBulkLoadJournal, useIncrementalJournal } from './sqlite-load-settings.ts';

interface HitRow {
  id: number;
  dataset: string;
  key: string;
  conversation_hash: string;
  model: string | null;
  language: string | null;
  country: string | null;
  state: string | null;
  hashed_ip: string | null;
  toxic: number | null;
  redacted: number | null;
  jailbreak: string | null;
  turns: number;
  timestamp: string | null;
  preview: string;
  record: Buffer;
  score?: number;
}

const HIT_COLUMNS =
  'd.id, d.dataset, d.key, d.conversation_hash, d.model, d.language, d.country, d.state, d.hashed_ip, d.toxic, d.redacted, d.jailbreak, d.turns, d.timestamp, r.preview, r.record';

/** A match found by a count or page pass: its id and, sorted by relevance, its bm25 score. */
interface MatchId {
  id: number;
  score?: number;
}

/** What one pass over the matches (newest first, at most countCap + 1) found. */
interface CountScan {
  count: number;
  /** The pass saw every match (it stopped neither at the cap nor at the deadline). */
  complete: boolean;
  /** Stopped by the deadline before the cap. */
  cut: boolean;
  tallies: Map<FacetField, Map<string | null, number>>;
  /** The first matches past the cursor, up to the page size + 1, when the pass was asked for them. */
  pageIds: MatchId[];
}

/** Facet column per field, in FACET_FIELDS order (the count pass selects them all at once). */
const FACET_COLUMNS: Record<FacetField, string> = {
  dataset: 'd.dataset',
  language: 'd.language',
  country: 'd.country',
  model: 'd.model',
  toxic: 'd.toxic',
  month: 'd.month',
  jailbreak: 'd.jailbreak',
  redacted: 'd.redacted',
};
const BOOLEAN_FACETS = new Set<FacetField>(['toxic', 'redacted']);

function bool(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}

function decodedHitRow(row: HitRow): SearchHitRow {
  return { ...row, toxic: bool(row.toxic), redacted: bool(row.redacted) };
}

type Piece = SqlPiece;

export interface SqliteSearchIndexOptions {
  /** Open without write access (the explorer never writes). */
  readonly?: boolean;
  /**
   * The file is new and private to one build (SqliteBulkBuild's temporary file): written without
   * journal or fsync and without FTS5 merging until finishBulkLoad. Never for a file in use.
   */
  bulkLoad?: boolean;
  now?: () => number;
}

export class SqliteSearchIndex implements SearchIndex {
  readonly database: Database.Database;
  private readonly now: () => number;
  private bulkLoad: boolean;
  private bulkLoadSpoiled = false;
  private readonly nextSequence = new Map<number, number>();
  private statements: {
    topId: Database.Statement<[number, number], { top: number | null }>;
    deleteWords: Database.Statement<[number]>;
    deleteTurns: Database.Statement<[number]>;
    deleteDoc: Database.Statement<[number]>;
    deleteRecord: Database.Statement<[number]>;
  } | null = null;
  private hitRowStatement: Database.Statement<[number], HitRow> | null = null;

  constructor(file: string, options: SqliteSearchIndexOptions = {}) {
    this.database = new Database(file, options.readonly === true ? { readonly: true, fileMustExist: true } : {});
    this.bulkLoad = options.bulkLoad === true && options.readonly !== true;
    try {
      if (options.readonly !== true) {
        if (this.bulkLoad) useBulkLoadJournal(this.database);
        else useIncrementalJournal(this.database);
        createSearchSchema(this.database);
        if (this.bulkLoad) useBulkLoadFts5(this.database);
      }
    } catch (error) {
      this.database.close();
      throw error;
    }
    this.now = options.now ?? Date.now;
  }

  /** Write statements, prepared once (not in a read-only index, where they cannot be). */
  private writes(): NonNullable<SqliteSearchIndex['statements']> {
    this.statements ??= {
      topId: this.database.prepare('SELECT max(id) AS top FROM docs WHERE id >= ? AND id < ?'),
      deleteWords: this.database.prepare('DELETE FROM words WHERE rowid = ?'),
      deleteTurns: this.database.prepare('DELETE FROM doc_turns WHERE id = ?'),
      deleteDoc: this.database.prepare('DELETE FROM docs WHERE id = ?'),
      deleteRecord: this.database.prepare('DELETE FROM doc_records WHERE id = ?'),
    };
    return this.statements;
  }

  /**
   * Without a journal (bulk load) a rolled-back transaction leaves the file in an undefined
   * state, so after a failed write a bulk load can only be abandoned, never finished.
   */
  private inTransaction(body: () => void): void {
    try {
      this.database.transaction(body)();
    } catch (error) {
      if (this.bulkLoad) this.bulkLoadSpoiled = true;
      throw error;
    }
  }

  private allocateId(time: number | null): number {
    const second = idSecond(time);
    const base = second * ID_SEQUENCE_BITS;
    let next = this.nextSequence.get(second);
    if (next === undefined) {
      const row = this.writes().topId.get(base, base + ID_SEQUENCE_BITS);
      next = row?.top === null || row?.top === undefined ? 0 : row.top - base + 1;
      if (this.nextSequence.size > 200_000) this.nextSequence.clear();
    }
    if (next >= ID_SEQUENCE_BITS) throw tooManyInOneSecond();
    this.nextSequence.set(second, next + 1);
    return base + next;
  }

  private deleteById(id: number): void {
    const statements = this.writes();
    statements.deleteWords.run(id);
    statements.deleteTurns.run(id);
    statements.deleteDoc.run(id);
    statements.deleteRecord.run(id);
  }

  /** The hit columns of one document, by id (the page of hits is read after the ids are known). */
  private hitRows(ids: readonly MatchId[]): HitRow[] {
    this.hitRowStatement ??= this.database.prepare<[number], HitRow>(`SELECT ${HIT_COLUMNS} FROM docs d JOIN doc_records r ON r.id = d.id WHERE d.id = ?`);
    const statement = this.hitRowStatement;
    return ids.flatMap((match) => {
      const row = statement.get(match.id);
      return row === undefined ? [] : [match.score === undefined ? row : { ...row, score: match.score }];
    });
  }

  async addDocuments(documents: readonly IndexDocument[]): Promise<AddDocumentsResult> {
    const result: AddDocumentsResult = { added: 0, replaced: 0, unchanged: 0 };
    const existing = this.database.prepare<[string, string], { id: number; fingerprint: string }>(
      'SELECT d.id, r.fingerprint FROM docs d JOIN doc_records r ON r.id = d.id WHERE d.dataset = ? AND d.key = ?',
    );
    const insertDoc = this.database.prepare(
      `INSERT INTO docs (id, dataset, key, conversation_hash, model, language, country, state, hashed_ip, toxic, redacted, jailbreak, moderation, turns, month, timestamp)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertRecord = this.database.prepare('INSERT INTO doc_records (id, fingerprint, preview, record) VALUES (?, ?, ?, ?)');
    const insertWords = this.database.prepare(
      'INSERT INTO words (rowid, first_user, first_assistant, rest_user, rest_assistant, tags) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertTurn = this.database.prepare('INSERT OR IGNORE INTO doc_turns (turn_identifier, id) VALUES (?, ?)');
    const touchDataset = this.database.prepare(
      'INSERT INTO search_datasets (name, updated_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at',
    );
    const now = this.now();
    this.inTransaction(() => {
      const touched = new Set<string>();
      for (const document of documents) {
        const { blob, fingerprint } = compress(document.record);
        const previous = existing.get(document.dataset, document.key);
        if (previous !== undefined && previous.fingerprint === fingerprint) {
          result.unchanged += 1;
          continue;
        }
        if (previous !== undefined) {
          this.deleteById(previous.id);
          result.replaced += 1;
        } else {
          result.added += 1;
        }
        const fields = documentFields(document.record);
        const texts = documentTexts(document.record);
        const id = this.allocateId(fields.time);
        const moderation = fields.moderationCategories.length === 0 ? '' : `,${fields.moderationCategories.join(',')},`;
        insertDoc.run(
          id,
          document.dataset,
          document.key,
          fields.conversationHash,
          fields.model,
          fields.language,
          fields.country,
          fields.state,
          fields.hashedIp,
          fields.toxic === null ? null : Number(fields.toxic),
          fields.redacted === null ? null : Number(fields.redacted),
          fields.jailbreakFamily,
          moderation,
          fields.turns,
          fields.month,
          fields.timestamp,
        );
        insertRecord.run(id, fingerprint, fields.preview, blob);
        insertWords.run(
          id,
          cjkSpaced(texts.firstUser),
          cjkSpaced(texts.firstAssistant),
          cjkSpaced(texts.restUser),
          cjkSpaced(texts.restAssistant),
          documentTags(document.dataset, fields),
        );
        for (const turnIdentifier of fields.turnIdentifiers) insertTurn.run(turnIdentifier, id);
        touched.add(document.dataset);
      }
      for (const dataset of touched) touchDataset.run(dataset, now);
    });
    return result;
  }

  async removeDocuments(dataset: string, keys: readonly string[]): Promise<number> {
    const find = this.database.prepare<[string, string], { id: number }>('SELECT id FROM docs WHERE dataset = ? AND key = ?');
    let removed = 0;
    this.inTransaction(() => {
      for (const key of keys) {
        const row = find.get(dataset, key);
        if (row === undefined) continue;
        this.deleteById(row.id);
        removed += 1;
      }
    });
    return removed;
  }

  async documentKeys(dataset: string): Promise<string[]> {
    return this.database.prepare<[string], string>('SELECT key FROM docs WHERE dataset = ? ORDER BY key').pluck().all(dataset);
  }

  async removeDataset(dataset: string): Promise<number> {
    const ids = this.database.prepare<[string], { id: number }>('SELECT id FROM docs WHERE dataset = ?').pluck().all(dataset) as unknown as number[];
    this.inTransaction(() => {
      for (const id of ids) this.deleteById(id);
      this.database.prepare('DELETE FROM search_datasets WHERE name = ?').run(dataset);
    });
    return ids.length;
  }

  async setSourcePosition(dataset: string, position: number): Promise<void> {
    this.database
      .prepare(
        'INSERT INTO search_datasets (name, source_position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET source_position = excluded.source_position, updated_at = excluded.updated_at',
      )
      .run(dataset, position, this.now());
  }

  async listDatasets(): Promise<IndexedDataset[]> {
    const rows = this.database
      .prepare<[], { name: string; source_position: number; updated_at: number; documents: number }>(
        'SELECT s.name, s.source_position, s.updated_at, (SELECT count(*) FROM docs d WHERE d.dataset = s.name) AS documents FROM search_datasets s ORDER BY s.name',
      )
      .all();
    return rows.map((row) => ({ name: row.name, documents: row.documents, sourcePosition: row.source_position, updatedAt: row.updated_at }));
  }

  async optimize(): Promise<void> {
    this.database.exec("INSERT INTO words (words) VALUES ('optimize')");
    this.database.exec('ANALYZE');
  }

  /**
   * Ends a bulk load: merges every FTS5 segment once, gives the file the settings of an index in
   * use (merging on, WAL) so later incremental runs are as safe as ever. The file still needs its
   * fsync and rename (SqliteBulkBuild).
   */
  async finishBulkLoad(): Promise<void> {
    if (!this.bulkLoad) throw new Error('finishBulkLoad: this index was not opened for a bulk load');
    if (this.bulkLoadSpoiled) throw new Error('finishBulkLoad: a write of this bulk load failed; the file must be discarded');
    useIncrementalFts5(this.database);
    await this.optimize();
    useIncrementalJournal(this.database);
    this.bulkLoad = false;
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const budgetMs = request.budgetMs ?? DEFAULT_BUDGET_MS;
    const deadline = started + budgetMs;
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
      throw new SearchRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const countCap = request.countCap ?? DEFAULT_COUNT_CAP;
    const plan = fts5Plan(request.query);
    const filters = filterSql(request.filters);
    const sort: SearchSort = request.sort === 'relevance' && plan.positive === null ? 'time-desc' : request.sort;
    const cursor = request.cursor ? decodeCursor(request.cursor, sort) : null;
    const ftsDrive = plan.positive !== null && (!filters.selective || sort === 'relevance');
    const idColumn = ftsDrive ? 'words.rowid' : 'd.id';

    const where: Piece[] = [];
    const tags = ftsDrive && sort !== 'relevance' ? filterTagsExpression(request.filters) : null;
    if (ftsDrive) where.push({ sql: 'words MATCH ?', params: [tags === null ? (plan.positive ?? '') : `(${plan.positive ?? ''}) AND ${tags}`] });
    where.push(...filters.clauses);
    if (!ftsDrive && plan.positive !== null)
      where.push({ sql: 'EXISTS (SELECT 1 FROM words WHERE words MATCH ? AND words.rowid = d.id)', params: [plan.positive] });
    if (plan.excludedOnly !== null)
      where.push({ sql: 'NOT EXISTS (SELECT 1 FROM words WHERE words MATCH ? AND words.rowid = d.id)', params: [plan.excludedOnly] });
    if (filters.idFrom !== null) where.push({ sql: `${idColumn} >= ?`, params: [filters.idFrom] });
    if (filters.idTo !== null) where.push({ sql: `${idColumn} < ?`, params: [filters.idTo] });
    const from = ftsDrive ? 'words CROSS JOIN docs d ON d.id = words.rowid' : 'docs d';

    const render = (pieces: Piece[]): { sql: string; params: Array<string | number> } => ({
      sql: pieces.length === 0 ? '' : `WHERE ${pieces.map((piece) => piece.sql).join(' AND ')}`,
      params: pieces.flatMap((piece) => piece.params),
    });

    const facetFields = request.facets ?? [];
    const cut: SearchResult['cut'] = [];
    // Newest first, the page of hits is a prefix of the count pass, so one pass finds both.
    let scan: CountScan | null = null;
    let pageIds: MatchId[] | null = null;
    if (sort === 'time-desc') {
      scan = this.countScan(from, idColumn, render(where), countCap, facetFields, deadline, { before: cursor?.id ?? null, size: request.limit + 1 });
      if (scan.complete || scan.pageIds.length > request.limit) pageIds = scan.pageIds;
    }
    if (pageIds === null) {
      pageIds = [];
      let sql: string;
      let params: Array<string | number>;
      if (sort === 'relevance') {
        const base = render(where);
        const outer = cursor === null ? '' : 'WHERE (score > ? OR (score = ? AND id < ?))';
        sql = `SELECT * FROM (SELECT ${idColumn} AS id, bm25(words) AS score FROM ${from} ${base.sql}) ${outer} ORDER BY score, id DESC LIMIT ?`;
        params = [...base.params, ...(cursor === null ? [] : [cursor.score ?? 0, cursor.score ?? 0, cursor.id]), request.limit + 1];
      } else {
        const pieces = [...where];
        if (cursor !== null) pieces.push({ sql: sort === 'time-desc' ? `${idColumn} < ?` : `${idColumn} > ?`, params: [cursor.id] });
        const rendered = render(pieces);
        sql = `SELECT ${idColumn} AS id FROM ${from} ${rendered.sql} ORDER BY ${idColumn} ${sort === 'time-desc' ? 'DESC' : 'ASC'} LIMIT ?`;
        params = [...rendered.params, request.limit + 1];
      }
      for (const row of this.database.prepare<Array<string | number>, MatchId>(sql).iterate(...params)) {
        pageIds.push(row);
        if (pageIds.length > request.limit) break;
        if (performance.now() > deadline) {
          cut.push('hits');
          break;
        }
      }
    }
    const hasMore = pageIds.length > request.limit;
    const hitRows = this.hitRows(pageIds.slice(0, request.limit));

    if (scan === null && !cut.includes('hits')) scan = this.countScan(from, idColumn, render(where), countCap, facetFields, deadline, null);
    let total: SearchResult['total'] = null;
    let covered = 0;
    if (scan === null) {
      cut.push('total', 'facets');
    } else if (scan.cut) {
      cut.push('total', 'facets');
      covered = scan.count;
      total = { count: scan.count, capped: true };
    } else {
      total = scan.count > countCap ? { count: countCap, capped: true } : { count: scan.count, capped: false };
      covered = Math.min(scan.count, countCap);
    }
    const tallies = scan?.tallies ?? new Map<FacetField, Map<string | null, number>>();
    const facetSize = request.facetSize ?? DEFAULT_FACET_SIZE;
    const facets: Facet[] = facetFields.map((field) => {
      const entries = [...(tallies.get(field) ?? new Map<string | null, number>()).entries()]
        .map(([value, count]): FacetValue => ({ value, count }))
        .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
      return { field, values: entries.slice(0, facetSize), truncated: entries.length > facetSize };
    });

    const terms = highlightTerms(request.query);
    const hits = hitRows.map((row) => searchHitFromRow(decodedHitRow(row), terms, request.query.role));
    const last = hitRows[hitRows.length - 1];
    const nextCursor =
      hasMore && last !== undefined ? encodeCursor(sort === 'relevance' ? { s: sort, id: last.id, score: last.score ?? 0 } : { s: sort, id: last.id }) : null;
    return { hits, nextCursor, total, facets, facetsCover: covered, sort, timedOut: cut.length > 0, cut, tookMs: performance.now() - started };
  }

  /**
   * Count and facets in one pass over at most countCap + 1 matches, newest first; when asked, it
   * also keeps the first matches older than the cursor (the time-desc page of hits).
   */
  private countScan(
    from: string,
    idColumn: string,
    rendered: { sql: string; params: Array<string | number> },
    countCap: number,
    facetFields: readonly FacetField[],
    deadline: number,
    page: { before: number | null; size: number } | null,
  ): CountScan {
    const tallies = new Map<FacetField, Map<string | null, number>>(facetFields.map((field) => [field, new Map()]));
    const wanted = facetFields.map((field) => ({ position: FACET_FIELDS.indexOf(field) + 1, boolean: BOOLEAN_FACETS.has(field), tally: tallies.get(field) }));
    const columns = FACET_FIELDS.map((field) => FACET_COLUMNS[field]).join(', ');
    const statement = this.database
      .prepare<Array<string | number>, unknown[]>(`SELECT ${idColumn}, ${columns} FROM ${from} ${rendered.sql} ORDER BY ${idColumn} DESC LIMIT ?`)
      .raw(true);
    const pageIds: MatchId[] = [];
    let count = 0;
    let complete = true;
    let timedOut = false;
    for (const row of statement.iterate(...rendered.params, countCap + 1)) {
      count += 1;
      if (count > countCap) {
        complete = false;
        break;
      }
      if (page !== null && pageIds.length < page.size) {
        const id = row[0] as number;
        if (page.before === null || id < page.before) pageIds.push({ id });
      }
      for (const { position, boolean, tally } of wanted) {
        const raw = row[position] as string | number | null;
        const value = raw === null ? null : boolean ? (raw === 0 ? 'false' : 'true') : String(raw);
        if (tally) tally.set(value, (tally.get(value) ?? 0) + 1);
      }
      // From the first match on, so a spent budget stops even a small pass.
      if ((count & 63) === 1 && performance.now() > deadline) {
        complete = false;
        timedOut = true;
        break;
      }
    }
    return { count, complete, cut: timedOut, tallies, pageIds };
  }

  async getConversation(conversationHash: string, dataset?: string): Promise<ConversationDocument[]> {
    const rows =
      dataset === undefined
        ? this.database
            .prepare<[string], { dataset: string; key: string; record: Buffer }>(
              'SELECT d.dataset, d.key, r.record FROM docs d JOIN doc_records r ON r.id = d.id WHERE d.conversation_hash = ? ORDER BY d.dataset, d.key',
            )
            .all(conversationHash)
        : this.database
            .prepare<[string, string], { dataset: string; key: string; record: Buffer }>(
              'SELECT d.dataset, d.key, r.record FROM docs d JOIN doc_records r ON r.id = d.id WHERE d.conversation_hash = ? AND d.dataset = ? ORDER BY d.key',
            )
            .all(conversationHash, dataset);
    return rows.map((row) => ({ dataset: row.dataset, key: row.key, record: releaseRecordSchema.parse(decompress(row.record)) }));
  }

  async user(request: UserRequest): Promise<UserResult> {
    const started = performance.now();
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
      throw new SearchRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const cursor = request.cursor ? decodeCursor(request.cursor, 'time-desc') : null;
    const datasets = request.dataset ?? [];
    const datasetSql = datasets.length === 0 ? '' : ` AND d.dataset IN (${datasets.map(() => '?').join(', ')})`;
    const ids = this.database
      .prepare<Array<string | number>, MatchId>(
        `SELECT d.id FROM docs d WHERE d.hashed_ip = ?${datasetSql}${cursor === null ? '' : ' AND d.id < ?'} ORDER BY d.id DESC LIMIT ?`,
      )
      .all(request.hashedIp, ...datasets, ...(cursor === null ? [] : [cursor.id]), request.limit + 1);
    const page = this.hitRows(ids.slice(0, request.limit));
    const groups = this.database
      .prepare<Array<string>, { month: string | null; country: string | null; model: string | null; language: string | null; n: number }>(
        `SELECT d.month, d.country, d.model, d.language, count(*) AS n FROM docs d WHERE d.hashed_ip = ?${datasetSql} GROUP BY 1, 2, 3, 4`,
      )
      .all(request.hashedIp, ...datasets);
    const months = new Map<
      string | null,
      { conversations: number; countries: Map<string | null, number>; models: Map<string | null, number>; languages: Map<string | null, number> }
    >();
    let conversations = 0;
    for (const group of groups) {
      conversations += group.n;
      let entry = months.get(group.month);
      if (entry === undefined) {
        entry = { conversations: 0, countries: new Map(), models: new Map(), languages: new Map() };
        months.set(group.month, entry);
      }
      entry.conversations += group.n;
      entry.countries.set(group.country, (entry.countries.get(group.country) ?? 0) + group.n);
      entry.models.set(group.model, (entry.models.get(group.model) ?? 0) + group.n);
      entry.languages.set(group.language, (entry.languages.get(group.language) ?? 0) + group.n);
    }
    const values = (tally: Map<string | null, number>): FacetValue[] =>
      [...tally.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    const timeline: UserTimelineEntry[] = [...months.entries()]
      .sort((a, b) => (a[0] === null ? 1 : b[0] === null ? -1 : a[0].localeCompare(b[0])))
      .map(([month, entry]) => ({
        month,
        conversations: entry.conversations,
        countries: values(entry.countries),
        models: values(entry.models),
        languages: values(entry.languages),
      }));
    const last = page[page.length - 1];
    return {
      hashedIp: request.hashedIp,
      conversations,
      hits: page.map((row) => searchHitFromRow(decodedHitRow(row), [], 'any')),
      nextCursor: ids.length > request.limit && last !== undefined ? encodeCursor({ s: 'time-desc', id: last.id }) : null,
      timeline,
      tookMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    if (this.database.open) this.database.close();
  }
}
