/**
 * The explorer's Hono app: read-only over a SearchIndex. Every view is a URL (served by the
 * explorer page) with a JSON twin: /search.json, /c/<hash>.json, /u/<hashed_ip>.json; results
 * also export as /search.csv and /search.jsonl (at most exportLimit rows, stated in the
 * x-export-limit header and docs/explorer.md). A later map view mounts beside these routes
 * (see mapRoutes in ExplorerDeps).
 */
import { Hono } from 'hono';
import { QuerySyntaxError } from '../../search/query-syntax.ts';
import { MAX_PAGE_SIZE, SearchRequestError, type SearchIndex, type SearchRequest } from '../../search/search-index.ts';
import { mountWeb } from '../static/serve-web.ts';
import { operatorTokenGate } from './access-gate.ts';
import { csvHeader, csvRow } from './export-rows.ts';
import { searchRequestFromParams } from './search-params.ts';

export interface ExplorerDeps {
  index: SearchIndex;
  /** Built web app folder (web/dist); null serves only the JSON API. */
  webDir: string | null;
  budgetMs: number;
  countCap: number;
  exportLimit: number;
  /** Shown in the page header and /datasets.json (e.g. "released data" or "RAW collected logs"). */
  dataLabel: string;
  /** When set (raw collected logs are served), every request needs this operator token. */
  operatorToken?: string | null;
  /** Extra routes mounted before the page fallback (the embedding map, when built). */
  extraRoutes?: Hono;
}

interface ErrorBody {
  error: { code: string; message: string; field?: string; position?: number };
}

function errorBody(error: unknown): { status: 400 | 404 | 500; body: ErrorBody } {
  if (error instanceof QuerySyntaxError)
    return { status: 400, body: { error: { code: 'query_syntax', message: error.message, field: 'q', position: error.position } } };
  if (error instanceof SearchRequestError) return { status: 400, body: { error: { code: 'bad_request', message: error.message, field: error.field } } };
  return { status: 500, body: { error: { code: 'internal', message: 'the explorer failed to answer; see the server log' } } };
}

const HASH = /^[0-9a-f]{32}$/u;

export function createExplorerApp(deps: ExplorerDeps): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    const { status, body } = errorBody(error);
    if (status === 500) console.error('explorer error', error instanceof Error ? error.name : 'unknown');
    return c.json(body, status, { 'cache-control': 'no-store' });
  });

  if (deps.operatorToken) app.use('*', operatorTokenGate(deps.operatorToken));

  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    if (!c.res.headers.has('content-security-policy')) c.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  });

  const requestFrom = (url: string, maxLimit = MAX_PAGE_SIZE): SearchRequest =>
    searchRequestFromParams(new URL(url).searchParams, { budgetMs: deps.budgetMs, countCap: deps.countCap, maxLimit });

  app.get('/datasets.json', async (c) =>
    c.json({
      data: deps.dataLabel,
      datasets: await deps.index.listDatasets(),
      budgetMs: deps.budgetMs,
      countCap: deps.countCap,
      exportLimit: deps.exportLimit,
    }),
  );

  app.get('/search.json', async (c) => {
    const request = requestFrom(c.req.url);
    const result = await deps.index.search(request);
    return c.json({ ...result, budgetMs: request.budgetMs, countCap: request.countCap, limit: request.limit });
  });

  /** Walks pages by cursor until `limit` hits (bounded by exportLimit). */
  async function* exportHits(url: string): AsyncGenerator<Awaited<ReturnType<SearchIndex['search']>>['hits'][number]> {
    const params = new URL(url).searchParams;
    const wanted = Math.min(deps.exportLimit, Math.max(1, Number(params.get('limit') ?? deps.exportLimit) || deps.exportLimit));
    params.delete('limit');
    params.set('facet', 'none');
    let cursor: string | null = null;
    let sent = 0;
    do {
      if (cursor !== null) params.set('cursor', cursor);
      const request = searchRequestFromParams(params, { budgetMs: deps.budgetMs, countCap: 1, maxLimit: MAX_PAGE_SIZE });
      const page = await deps.index.search({ ...request, limit: Math.min(MAX_PAGE_SIZE, wanted - sent) });
      for (const hit of page.hits) {
        yield hit;
        sent += 1;
      }
      cursor = page.timedOut ? null : page.nextCursor;
    } while (cursor !== null && sent < wanted);
  }

  app.get('/search.csv', async (c) => {
    requestFrom(c.req.url); // validate before streaming
    const lines = [csvHeader()];
    for await (const hit of exportHits(c.req.url)) lines.push(csvRow(hit));
    return c.body(`${lines.join('\r\n')}\r\n`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="conversations.csv"',
      'x-export-limit': String(deps.exportLimit),
    });
  });

  app.get('/search.jsonl', async (c) => {
    requestFrom(c.req.url);
    const lines: string[] = [];
    for await (const hit of exportHits(c.req.url)) {
      const found = (await deps.index.getConversation(hit.conversationHash, hit.dataset)).find((document) => document.key === hit.key);
      if (found) lines.push(JSON.stringify({ dataset: found.dataset, ...found.record }));
    }
    return c.body(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': 'attachment; filename="conversations.jsonl"',
      'x-export-limit': String(deps.exportLimit),
    });
  });

  app.get('/c/:name{[0-9a-f]{32}\\.json}', async (c) => {
    const hash = c.req.param('name').slice(0, -'.json'.length);
    if (!HASH.test(hash)) return c.json({ error: { code: 'bad_request', message: 'a conversation hash is 32 hex digits' } }, 400);
    const dataset = c.req.query('dataset');
    const documents = await deps.index.getConversation(hash, dataset === undefined || dataset === '' ? undefined : dataset);
    if (documents.length === 0) return c.json({ error: { code: 'not_found', message: 'no conversation with this hash in the index' } }, 404);
    return c.json({ conversationHash: hash, documents });
  });

  app.get('/u/:name{.+\\.json}', async (c) => {
    const hashedIp = decodeURIComponent(c.req.param('name').slice(0, -'.json'.length));
    if (hashedIp === '' || hashedIp.length > 200) return c.json({ error: { code: 'bad_request', message: 'a hashed IP is 1 to 200 characters' } }, 400);
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw new SearchRequestError('limit', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    const datasets = c.req.queries('dataset') ?? [];
    const result = await deps.index.user({ hashedIp, limit, cursor: c.req.query('cursor') ?? null, ...(datasets.length > 0 ? { dataset: datasets } : {}) });
    return c.json(result);
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  if (deps.extraRoutes) app.route('/', deps.extraRoutes);
  if (deps.webDir !== null) mountWeb(app, deps.webDir, { page: 'explore.html' });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'no such explorer path' } }, 404));
  return app;
}
