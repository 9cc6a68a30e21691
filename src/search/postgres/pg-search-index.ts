/**
 * SearchIndex on PostgreSQL full-text search (tsvector, 'simple' config) with pg_trgm for phrases
 * and CJK substrings, in the database the PostgreSQL store uses. Documents carry the same
 * time-encoded ids as the SQLite adapter (time-ids.ts), so "newest first" walks the primary key.
 *
 * The time budget is the server's statement_timeout, set per statement to what is left of it:
 * unlike the embedded index, a long query is stopped by the database itself.
 */
import type pg from 'pg';
import { releaseRecordSchema } from '../../schema/release-record.ts';
import { createPgPool } from '../../store/postgres/pg-pool.ts';
import { documentFields, documentTexts } from '../document-fields.ts';
import { highlightTerms } from '../query-syntax.ts';
import { decodeCursor, encodeCursor } from '../search-cursor.ts';
import {
  DEFAULT_BUDGET_MS,
  DEFAULT_COUNT_CAP,
  DEFAULT_FACET_SIZE,
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
import { searchHitFromRow, type SearchHitRow } from '../search-hit-row.ts';
import { compressRecord, decompressRecord } from '../stored-record.ts';
import { ID_SEQUENCE_BITS, idSecond, tooManyInOneSecond } from '../time-ids.ts';
import { PgParams } from './pg-params.ts';
import { pgFilterClauses } from './pg-search-filters.ts';
import { createPgSearchSchema } from './pg-search-schema.ts';
import { pgTextPlan, trigramText, tsvectorText } from './pg-text-plan.ts';

interface HitRow extends SearchHitRow {
  id: number;
  score?: number;
}

const HIT_COLUMNS =
  'd.id, d.dataset, d.key, d.conversation_hash, d.model, d.language, d.country, d.state, d.hashed_ip, d.toxic, d.redacted, d.jailbreak, d.turns, d.timestamp, d.preview, d.record';

const FACET_COLUMNS: Record<FacetField, string> = {
  dataset: 'dataset',
  language: 'language',
  country: 'country',
  model: 'model',
  toxic: 'toxic',
  month: 'month',
  jailbreak: 'jailbreak',
  redacted: 'redacted',
};

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/** tsvector positions stop at 16,383 and a tsvector at 1 MB: longer texts are indexed up to this many characters each. */
export const MAX_INDEXED_TEXT = 100_000;

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === QUERY_CANCELED;
}

export interface PgSearchIndexOptions {
  now?: () => number;
  /** Ends the pool on close (when the index created it). */
  ownsPool?: boolean;
}

export class PgSearchIndex implements SearchIndex {
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private readonly ownsPool: boolean;
  private readonly nextSequence = new Map<number, number>();
  /** pg_trgm only extracts non-ASCII trigrams when the database's ctype knows letters beyond ASCII. */
  private unicodeCtype = false;

  private constructor(pool: pg.Pool, options: PgSearchIndexOptions) {
    this.pool = pool;
    this.now = options.now ?? Date.now;
    this.ownsPool = options.ownsPool ?? false;
  }

  /** Creates the search tables when missing (dropping an index of another layout version). */
  static async open(pool: pg.Pool, options: PgSearchIndexOptions = {}): Promise<PgSearchIndex> {
    const index = new PgSearchIndex(pool, options);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await createPgSearchSchema(client);
      await client.query('COMMIT');
      const ctype = await client.query<{ ctype: string }>('SELECT datctype AS ctype FROM pg_database WHERE datname = current_database()');
      index.unicodeCtype = !/^(C|POSIX)$/iu.test(ctype.rows[0]?.ctype ?? 'C');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return index;
  }

  /** Opens the index in the database at `url` with a pool of its own. */
  static async openUrl(url: string, options: Omit<PgSearchIndexOptions, 'ownsPool'> & { maxConnections?: number } = {}): Promise<PgSearchIndex> {
    const pool = createPgPool({ url, max: options.maxConnections ?? 4, applicationName: 'wildchat-search' });
    try {
      return await PgSearchIndex.open(pool, { ...options, ownsPool: true });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  private async allocateIds(client: pg.PoolClient, times: ReadonlyArray<number | null>): Promise<number[]> {
    const unknown = [...new Set(times.map(idSecond))].filter((second) => !this.nextSequence.has(second));
    if (unknown.length > 0) {
      if (this.nextSequence.size > 200_000) this.nextSequence.clear();
      const found = await client.query<{ second: number; top: number | null }>(
        `SELECT s.second, (SELECT max(id) FROM search_docs WHERE id >= s.second * $2 AND id < (s.second + 1) * $2) AS top
           FROM unnest($1::bigint[]) AS s(second)`,
        [unknown, ID_SEQUENCE_BITS],
      );
      for (const row of found.rows) this.nextSequence.set(row.second, row.top === null ? 0 : row.top - row.second * ID_SEQUENCE_BITS + 1);
    }
    return times.map((time) => {
      const second = idSecond(time);
      const next = this.nextSequence.get(second) ?? 0;
      if (next >= ID_SEQUENCE_BITS) throw tooManyInOneSecond();
      this.nextSequence.set(second, next + 1);
      return second * ID_SEQUENCE_BITS + next;
    });
  }

  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      // Ids handed out inside the rolled-back transaction may be reused: forget them.
      this.nextSequence.clear();
      throw error;
    } finally {
      client.release();
    }
  }

  async addDocuments(documents: readonly IndexDocument[]): Promise<AddDocumentsResult> {
    const result: AddDocumentsResult = { added: 0, replaced: 0, unchanged: 0 };
    if (documents.length === 0) return result;
    // The last copy of a key in one batch wins, as it would when added one after the other.
    const latest = new Map<string, IndexDocument>();
    for (const document of documents) latest.set(JSON.stringify([document.dataset, document.key]), document);
    return this.transaction(async (client) => {
      const unique = [...latest.values()];
      const compressed = unique.map((document) => compressRecord(document.record));
      const existing = await client.query<{ dataset: string; key: string; id: number; fingerprint: string }>(
        'SELECT d.dataset, d.key, d.id, d.fingerprint FROM search_docs d JOIN unnest($1::text[], $2::text[]) AS k(dataset, key) USING (dataset, key)',
        [unique.map((document) => document.dataset), unique.map((document) => document.key)],
      );
      const previous = new Map(existing.rows.map((row) => [JSON.stringify([row.dataset, row.key]), row]));
      result.unchanged = documents.length - unique.length;
      const changed: Array<{ document: IndexDocument; blob: Buffer; fingerprint: string }> = [];
      const replacedIds: number[] = [];
      unique.forEach((document, position) => {
        const { blob, fingerprint } = compressed[position] as { blob: Buffer; fingerprint: string };
        const before = previous.get(JSON.stringify([document.dataset, document.key]));
        if (before !== undefined && before.fingerprint === fingerprint) {
          result.unchanged += 1;
          return;
        }
        if (before !== undefined) {
          replacedIds.push(before.id);
          result.replaced += 1;
        } else {
          result.added += 1;
        }
        changed.push({ document, blob, fingerprint });
      });
      if (replacedIds.length > 0) await client.query('DELETE FROM search_docs WHERE id = ANY($1::bigint[])', [replacedIds]);
      if (changed.length === 0) return result;
      const fields = changed.map((item) => documentFields(item.document.record));
      const ids = await this.allocateIds(
        client,
        fields.map((field) => field.time),
      );
      const columns = {
        id: ids,
        dataset: [] as string[],
        key: [] as string[],
        hash: [] as string[],
        model: [] as Array<string | null>,
        language: [] as Array<string | null>,
        country: [] as Array<string | null>,
        state: [] as Array<string | null>,
        hashedIp: [] as Array<string | null>,
        toxic: [] as Array<boolean | null>,
        redacted: [] as Array<boolean | null>,
        jailbreak: [] as Array<string | null>,
        moderation: [] as string[],
        turns: [] as number[],
        month: [] as Array<string | null>,
        timestamp: [] as Array<string | null>,
        preview: [] as string[],
        fingerprint: [] as string[],
        record: [] as Buffer[],
        firstUser: [] as string[],
        firstAssistant: [] as string[],
        restUser: [] as string[],
        restAssistant: [] as string[],
        body: [] as string[],
      };
      const turnIds: number[] = [];
      const turnDocs: number[] = [];
      changed.forEach((item, position) => {
        const field = fields[position];
        const id = ids[position];
        if (field === undefined || id === undefined) return;
        const texts = documentTexts(item.document.record);
        const clip = (text: string): string => (text.length > MAX_INDEXED_TEXT ? text.slice(0, MAX_INDEXED_TEXT) : text);
        columns.dataset.push(item.document.dataset);
        columns.key.push(item.document.key);
        columns.hash.push(field.conversationHash);
        columns.model.push(field.model);
        columns.language.push(field.language);
        columns.country.push(field.country);
        columns.state.push(field.state);
        columns.hashedIp.push(field.hashedIp);
        columns.toxic.push(field.toxic);
        columns.redacted.push(field.redacted);
        columns.jailbreak.push(field.jailbreakFamily);
        columns.moderation.push(field.moderationCategories.length === 0 ? '' : `,${field.moderationCategories.join(',')},`);
        columns.turns.push(field.turns);
        columns.month.push(field.month);
        columns.timestamp.push(field.timestamp);
        columns.preview.push(field.preview);
        columns.fingerprint.push(item.fingerprint);
        columns.record.push(item.blob);
        columns.firstUser.push(tsvectorText(clip(texts.firstUser)));
        columns.firstAssistant.push(tsvectorText(clip(texts.firstAssistant)));
        columns.restUser.push(tsvectorText(clip(texts.restUser)));
        columns.restAssistant.push(tsvectorText(clip(texts.restAssistant)));
        columns.body.push(trigramText(`${texts.user}\n${texts.assistant}`));
        for (const turnIdentifier of field.turnIdentifiers) {
          turnIds.push(turnIdentifier);
          turnDocs.push(id);
        }
      });
      await client.query(
        `INSERT INTO search_docs (id, dataset, key, conversation_hash, model, language, country, state, hashed_ip, toxic, redacted, jailbreak,
                                  moderation, turns, month, timestamp, preview, fingerprint, record, words, body)
         SELECT id, dataset, key, hash, model, language, country, state, hashed_ip, toxic, redacted, jailbreak, moderation, turns, month, ts, preview,
                fingerprint, record,
                setweight(to_tsvector('simple', fu), 'A') || setweight(to_tsvector('simple', fa), 'B')
                  || setweight(to_tsvector('simple', ru), 'C') || setweight(to_tsvector('simple', ra), 'D'),
                body
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                       $11::boolean[], $12::text[], $13::text[], $14::integer[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bytea[],
                       $20::text[], $21::text[], $22::text[], $23::text[], $24::text[])
                AS u(id, dataset, key, hash, model, language, country, state, hashed_ip, toxic, redacted, jailbreak, moderation, turns, month, ts,
                     preview, fingerprint, record, fu, fa, ru, ra, body)`,
        [
          columns.id,
          columns.dataset,
          columns.key,
          columns.hash,
          columns.model,
          columns.language,
          columns.country,
          columns.state,
          columns.hashedIp,
          columns.toxic,
          columns.redacted,
          columns.jailbreak,
          columns.moderation,
          columns.turns,
          columns.month,
          columns.timestamp,
          columns.preview,
          columns.fingerprint,
          columns.record,
          columns.firstUser,
          columns.firstAssistant,
          columns.restUser,
          columns.restAssistant,
          columns.body,
        ],
      );
      if (turnIds.length > 0)
        await client.query('INSERT INTO search_turns (turn_identifier, id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING', [
          turnIds,
          turnDocs,
        ]);
      const touched = [...new Set(changed.map((item) => item.document.dataset))];
      await client.query(
        `INSERT INTO search_datasets (name, updated_at) SELECT name, $2 FROM unnest($1::text[]) AS n(name)
         ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at`,
        [touched, this.now()],
      );
      return result;
    });
  }

  async removeDocuments(dataset: string, keys: readonly string[]): Promise<number> {
    const removed = await this.pool.query('DELETE FROM search_docs WHERE dataset = $1 AND key = ANY($2::text[])', [dataset, [...keys]]);
    return removed.rowCount ?? 0;
  }

  async documentKeys(dataset: string): Promise<string[]> {
    const rows = await this.pool.query<{ key: string }>('SELECT key FROM search_docs WHERE dataset = $1 ORDER BY key', [dataset]);
    return rows.rows.map((row) => row.key);
  }

  async removeDataset(dataset: string): Promise<number> {
    return this.transaction(async (client) => {
      const removed = await client.query('DELETE FROM search_docs WHERE dataset = $1', [dataset]);
      await client.query('DELETE FROM search_datasets WHERE name = $1', [dataset]);
      return removed.rowCount ?? 0;
    });
  }

  async setSourcePosition(dataset: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO search_datasets (name, source_position, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET source_position = excluded.source_position, updated_at = excluded.updated_at`,
      [dataset, position, this.now()],
    );
  }

  async listDatasets(): Promise<IndexedDataset[]> {
    const rows = await this.pool.query<{ name: string; source_position: number; updated_at: number; documents: number }>(
      `SELECT s.name, s.source_position, s.updated_at, (SELECT count(*) FROM search_docs d WHERE d.dataset = s.name)::integer AS documents
         FROM search_datasets s ORDER BY s.name`,
    );
    return rows.rows.map((row) => ({ name: row.name, documents: row.documents, sourcePosition: row.source_position, updatedAt: row.updated_at }));
  }

  async optimize(): Promise<void> {
    // Fresh statistics so the planner knows how common each value and word is.
    await this.pool.query('VACUUM (ANALYZE) search_docs');
    await this.pool.query('ANALYZE search_turns');
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const deadline = started + (request.budgetMs ?? DEFAULT_BUDGET_MS);
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
      throw new SearchRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const countCap = request.countCap ?? DEFAULT_COUNT_CAP;
    const params = new PgParams();
    const plan = pgTextPlan(request.query, params, { unicodeCtype: this.unicodeCtype });
    const sort: SearchSort = request.sort === 'relevance' && plan.positive === null ? 'time-desc' : request.sort;
    const cursor = request.cursor ? decodeCursor(request.cursor, sort) : null;
    const where = pgFilterClauses(request.filters, params);
    if (plan.positive !== null) where.push(`d.words @@ ${plan.positive}`);
    for (const like of plan.likes) where.push(`d.body LIKE ${params.add(like)}`);
    if (plan.negative !== null) where.push(`NOT (d.words @@ ${plan.negative})`);
    const whereSql = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;

    const cut: SearchResult['cut'] = [];
    const client = await this.pool.connect();
    let hitRows: HitRow[] = [];
    let hasMore = false;
    let total: SearchResult['total'] = null;
    let covered = 0;
    const facetFields = request.facets ?? [];
    const tallies = new Map<FacetField, FacetValue[]>(facetFields.map((field) => [field, []]));
    try {
      // Runs one statement within what is left of the budget; null when it ran out.
      const withinBudget = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<T> | null> => {
        const left = Math.floor(deadline - performance.now());
        if (left <= 0) return null;
        await client.query(`SET statement_timeout = ${left}`);
        try {
          return await client.query<T>(sql, values);
        } catch (error) {
          if (isTimeout(error)) return null;
          throw error;
        }
      };

      // Page of hits.
      const pageParams = new PgParams();
      pageParams.values.push(...params.values);
      let sql: string;
      if (sort === 'relevance') {
        const outer =
          cursor === null
            ? ''
            : `WHERE score < ${pageParams.add(cursor.score ?? 0)}::real OR (score = ${pageParams.add(cursor.score ?? 0)}::real AND id < ${pageParams.add(cursor.id)})`;
        sql = `SELECT * FROM (SELECT ${HIT_COLUMNS}, ts_rank(d.words, ${plan.positive ?? "''::tsquery"}) AS score FROM search_docs d ${whereSql}) AS ranked
               ${outer} ORDER BY score DESC, id DESC LIMIT ${pageParams.add(request.limit + 1)}`;
      } else {
        const cursorSql =
          cursor === null ? '' : `${where.length === 0 ? 'WHERE' : ' AND'} d.id ${sort === 'time-desc' ? '<' : '>'} ${pageParams.add(cursor.id)}`;
        sql = `SELECT ${HIT_COLUMNS} FROM search_docs d ${whereSql}${cursorSql} ORDER BY d.id ${sort === 'time-desc' ? 'DESC' : 'ASC'} LIMIT ${pageParams.add(request.limit + 1)}`;
      }
      const page = await withinBudget<HitRow>(sql, pageParams.values);
      if (page === null) {
        cut.push('hits', 'total', 'facets');
      } else {
        hasMore = page.rows.length > request.limit;
        hitRows = page.rows.slice(0, request.limit);
        // Count and facets in one statement over at most countCap + 1 matches, newest first.
        const countParams = new PgParams();
        countParams.values.push(...params.values);
        const cap = countParams.add(countCap);
        const groups = facetFields.map((field) => `(${FACET_COLUMNS[field]})`);
        const selectGrouping = facetFields.map((field) => `GROUPING(${FACET_COLUMNS[field]}) AS g_${field}, ${FACET_COLUMNS[field]}::text AS v_${field}`);
        const counted = await withinBudget<Record<string, unknown>>(
          `WITH matched AS MATERIALIZED (
             SELECT d.id, d.dataset, d.language, d.country, d.model, d.toxic, d.month, d.jailbreak, d.redacted
               FROM search_docs d ${whereSql} ORDER BY d.id DESC LIMIT ${cap}::integer + 1),
           covered AS (SELECT * FROM matched ORDER BY id DESC LIMIT ${cap}::integer)
           SELECT (SELECT count(*)::integer FROM matched) AS total, count(*)::integer AS n${selectGrouping.map((column) => `, ${column}`).join('')}
             FROM covered GROUP BY GROUPING SETS (()${groups.map((group) => `, ${group}`).join('')})`,
          countParams.values,
        );
        if (counted === null) {
          cut.push('total', 'facets');
        } else {
          const matched = Number(counted.rows[0]?.total ?? 0);
          total = matched > countCap ? { count: countCap, capped: true } : { count: matched, capped: false };
          covered = Math.min(matched, countCap);
          for (const row of counted.rows) {
            const field = facetFields.find((candidate) => row[`g_${candidate}`] === 0);
            if (field === undefined) continue;
            tallies.get(field)?.push({ value: (row[`v_${field}`] as string | null) ?? null, count: Number(row.n) });
          }
        }
      }
    } finally {
      await client.query('RESET statement_timeout').catch(() => undefined);
      client.release();
    }

    const facetSize = request.facetSize ?? DEFAULT_FACET_SIZE;
    const facets: Facet[] = facetFields.map((field) => {
      const entries = (tallies.get(field) ?? []).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
      return { field, values: entries.slice(0, facetSize), truncated: entries.length > facetSize };
    });
    const terms = highlightTerms(request.query);
    const hits = hitRows.map((row) => searchHitFromRow(row, terms, request.query.role));
    const last = hitRows[hitRows.length - 1];
    const nextCursor =
      hasMore && last !== undefined
        ? encodeCursor(sort === 'relevance' ? { s: sort, id: last.id, score: Number(last.score ?? 0) } : { s: sort, id: last.id })
        : null;
    return { hits, nextCursor, total, facets, facetsCover: covered, sort, timedOut: cut.length > 0, cut, tookMs: performance.now() - started };
  }

  async getConversation(conversationHash: string, dataset?: string): Promise<ConversationDocument[]> {
    const rows = await this.pool.query<{ dataset: string; key: string; record: Buffer }>(
      dataset === undefined
        ? 'SELECT dataset, key, record FROM search_docs WHERE conversation_hash = $1 ORDER BY dataset, key'
        : 'SELECT dataset, key, record FROM search_docs WHERE conversation_hash = $1 AND dataset = $2 ORDER BY key',
      dataset === undefined ? [conversationHash] : [conversationHash, dataset],
    );
    return rows.rows.map((row) => ({ dataset: row.dataset, key: row.key, record: releaseRecordSchema.parse(decompressRecord(row.record)) }));
  }

  async user(request: UserRequest): Promise<UserResult> {
    const started = performance.now();
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
      throw new SearchRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    const cursor = request.cursor ? decodeCursor(request.cursor, 'time-desc') : null;
    const params = new PgParams();
    const conditions = [`d.hashed_ip = ${params.add(request.hashedIp)}`];
    if ((request.dataset ?? []).length > 0) conditions.push(`d.dataset = ANY(${params.add(request.dataset)}::text[])`);
    const groupParams = [...params.values];
    const groupWhere = conditions.join(' AND ');
    if (cursor !== null) conditions.push(`d.id < ${params.add(cursor.id)}`);
    const [page, grouped] = await Promise.all([
      this.pool.query<HitRow>(
        `SELECT ${HIT_COLUMNS} FROM search_docs d WHERE ${conditions.join(' AND ')} ORDER BY d.id DESC LIMIT ${params.add(request.limit + 1)}`,
        params.values,
      ),
      this.pool.query<{ month: string | null; country: string | null; model: string | null; language: string | null; n: number }>(
        `SELECT d.month, d.country, d.model, d.language, count(*)::integer AS n FROM search_docs d WHERE ${groupWhere} GROUP BY 1, 2, 3, 4`,
        groupParams,
      ),
    ]);
    const months = new Map<
      string | null,
      { conversations: number; countries: Map<string | null, number>; models: Map<string | null, number>; languages: Map<string | null, number> }
    >();
    let conversations = 0;
    for (const group of grouped.rows) {
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
    const rows = page.rows.slice(0, request.limit);
    const last = rows[rows.length - 1];
    return {
      hashedIp: request.hashedIp,
      conversations,
      hits: rows.map((row) => searchHitFromRow(row, [], 'any')),
      nextCursor: page.rows.length > request.limit && last !== undefined ? encodeCursor({ s: 'time-desc', id: last.id }) : null,
      timeline,
      tookMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
