/**
 * The explorer's map routes (mounted through ExplorerDeps.extraRoutes): the stored maps in their
 * binary form, one point's snippet, and the points that match a search (as a Uint32 list of point
 * indices), so the page can light them up without a JSON object per point.
 *   /maps.json · /map.bin?map= · /map/point.json?map=&i= · /map/highlight.bin?map=&q=…&<filters>
 */
import { Hono } from 'hono';
import { MAX_PAGE_SIZE, SearchRequestError, type SearchIndex } from '../../search/search-index.ts';
import type { EmbeddingStore } from '../../store/embedding-store.ts';
import { searchRequestFromParams } from './search-params.ts';

export interface MapRoutesDeps {
  index: SearchIndex;
  embeddings: EmbeddingStore;
  budgetMs: number;
  countCap: number;
  /** Maps that include our collected raw logs are served only behind the operator token. */
  raw: boolean;
}

interface MapKeys {
  lines: string[];
  /** "dataset\tkey" → point index. */
  pointOf: Map<string, number>;
}

const PREVIEW_CHARACTERS = 240;

export function createMapRoutes(deps: MapRoutesDeps): Hono {
  const app = new Hono();
  const keyCache = new Map<string, MapKeys>();

  const servable = (description: string): boolean => {
    if (deps.raw) return true;
    const parsed: unknown = JSON.parse(description);
    const datasets =
      typeof parsed === 'object' && parsed !== null && 'datasets' in parsed && Array.isArray(parsed.datasets) ? (parsed.datasets as unknown[]) : [];
    return !datasets.includes('collected');
  };

  async function servableMap(name: string) {
    const stored = await deps.embeddings.getMap(name);
    return stored !== null && servable(stored.description) ? stored : null;
  }

  async function mapKeys(name: string): Promise<MapKeys> {
    const cached = keyCache.get(name);
    if (cached !== undefined) return cached;
    const stored = await servableMap(name);
    if (stored === null) throw new SearchRequestError('map', `no map named ${name} (wildchat map builds one)`);
    const lines = stored.keys === '' ? [] : stored.keys.split('\n');
    const pointOf = new Map<string, number>();
    lines.forEach((line, point) => {
      const [dataset, key] = line.split('\t');
      pointOf.set(`${dataset ?? ''}\t${key ?? ''}`, point);
    });
    const entry = { lines, pointOf };
    keyCache.set(name, entry);
    return entry;
  }

  const mapName = (params: URLSearchParams): string => {
    const name = params.get('map');
    if (name === null || name === '' || name.length > 200) throw new SearchRequestError('map', 'map is required');
    return name;
  };

  app.get('/maps.json', async (c) =>
    c.json({ maps: (await deps.embeddings.listMaps()).filter((map) => servable(map.description)) }, 200, { 'cache-control': 'no-store' }),
  );

  app.get('/map.bin', async (c) => {
    const name = mapName(new URL(c.req.url).searchParams);
    const stored = await servableMap(name);
    if (stored === null) return c.json({ error: { code: 'not_found', message: `no map named ${name}` } }, 404);
    return c.body(stored.points as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-cache' });
  });

  app.get('/map/point.json', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const { lines } = await mapKeys(mapName(params));
    const point = Number(params.get('i'));
    const line = Number.isInteger(point) && point >= 0 ? lines[point] : undefined;
    if (line === undefined) throw new SearchRequestError('i', 'i must be the index of a point of the map');
    const [dataset = '', key = '', conversationHash = ''] = line.split('\t');
    const document = (await deps.index.getConversation(conversationHash, dataset)).find((found) => found.key === key);
    if (document === undefined) return c.json({ error: { code: 'not_found', message: 'this conversation is no longer in the search index' } }, 404);
    const first = document.record.conversation.find((message) => message.role === 'user')?.content ?? '';
    return c.json({
      point,
      dataset,
      key,
      conversationHash,
      model: document.record.model,
      language: document.record.language,
      preview: first.length > PREVIEW_CHARACTERS ? `${first.slice(0, PREVIEW_CHARACTERS)}…` : first,
    });
  });

  app.get('/map/highlight.bin', async (c) => {
    const params = new URL(c.req.url).searchParams;
    const { pointOf } = await mapKeys(mapName(params));
    params.delete('map');
    params.delete('cursor');
    params.set('facet', 'none');
    const started = performance.now();
    const points: number[] = [];
    let cursor: string | null = null;
    let matched = 0;
    let complete = true;
    do {
      if (cursor !== null) params.set('cursor', cursor);
      const request = searchRequestFromParams(params, { budgetMs: deps.budgetMs, countCap: 1, maxLimit: MAX_PAGE_SIZE });
      const remaining = deps.budgetMs - (performance.now() - started);
      if (remaining <= 0) {
        complete = false;
        break;
      }
      const page = await deps.index.search({ ...request, limit: MAX_PAGE_SIZE, budgetMs: remaining });
      for (const hit of page.hits) {
        matched += 1;
        const point = pointOf.get(`${hit.dataset}\t${hit.key}`);
        if (point !== undefined) points.push(point);
      }
      if (page.timedOut) complete = false;
      cursor = page.timedOut ? null : page.nextCursor;
      if (matched >= deps.countCap && cursor !== null) {
        complete = false;
        cursor = null;
      }
    } while (cursor !== null);
    return c.body(new Uint8Array(Uint32Array.from(points).buffer), 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'no-store',
      'x-matches': String(matched),
      'x-complete': String(complete),
    });
  });

  return app;
}
