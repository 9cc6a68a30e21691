import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FIXTURE_CONVERSATIONS, fixtureDocuments, fixtureHash, fixtureRecord } from '../../search/search-index-fixtures.ts';
import { SqliteSearchIndex } from '../../search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from './explorer-app.ts';

const index = new SqliteSearchIndex(':memory:');
const app = createExplorerApp({ index, webDir: null, budgetMs: 5000, countCap: 10_000, exportLimit: 5, dataLabel: 'released data' });

before(async () => {
  await index.addDocuments(fixtureDocuments());
});
after(() => index.close());

// The JSON twins return many shapes; each test asserts the fields it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(path: string): Promise<{ status: number; body: any }> {
  const response = await app.request(path);
  return { status: response.status, body: await response.json() };
}

test('search.json answers hits, an exact total and facets; counts match an independent count', async () => {
  const { status, body } = await json('/search.json?q=weather&facet=country&facet=language');
  assert.equal(status, 200);
  assert.deepEqual(body.total, { count: 4, capped: false });
  const expected = new Map<string | null, number>();
  for (const conversation of FIXTURE_CONVERSATIONS) {
    const record = fixtureRecord(conversation);
    const text = record.conversation.map((message) => message.content.toLowerCase()).join(' ');
    if (!/\bweather\b/u.test(text)) continue;
    expected.set(record.country, (expected.get(record.country) ?? 0) + 1);
  }
  assert.deepEqual(new Map(body.facets[0].values.map((value: { value: string | null; count: number }) => [value.value, value.count])), expected);
  assert.equal(body.facets[1].field, 'language');
  assert.equal(body.budgetMs, 5000);
});

test('filters in the URL, cursor pages, and no conversations', async () => {
  const filtered = await json('/search.json?language=Chinese&country=China&model=gpt-4&facet=none');
  assert.deepEqual(
    filtered.body.hits.map((hit: { conversationHash: string }) => hit.conversationHash),
    [fixtureHash('chinese-2')],
  );
  assert.deepEqual(filtered.body.facets, []);
  const first = await json('/search.json?limit=4');
  assert.equal(first.body.hits.length, 4);
  const second = await json(`/search.json?limit=4&cursor=${first.body.nextCursor}`);
  assert.equal(second.body.hits.length, 4);
  assert.notEqual(first.body.hits[0].key, second.body.hits[0].key);
  const none = await json('/search.json?q=zzzzzz');
  assert.deepEqual(none.body.total, { count: 0, capped: false });
  assert.equal((await json('/search.json?from=2024-03-01&to=2024-03-31&toxic=false')).body.total.count, 2);
});

test('malformed queries and parameters are 400s with a message and position', async () => {
  const syntax = await json('/search.json?q=%22unclosed');
  assert.equal(syntax.status, 400);
  assert.equal(syntax.body.error.code, 'query_syntax');
  assert.equal(syntax.body.error.position, 0);
  for (const bad of ['limit=0', 'limit=abc', 'toxic=maybe', 'sort=random', 'cursor=zzz', 'facet=colour', 'from=notadate', 'min_turns=-1']) {
    const response = await json(`/search.json?${bad}`);
    assert.equal(response.status, 400, bad);
    assert.equal(response.body.error.code, 'bad_request', bad);
  }
});

test('conversation and user twins; 404 for unknown ones', async () => {
  const conversation = await json(`/c/${fixtureHash('weather-2')}.json`);
  assert.equal(conversation.status, 200);
  assert.equal(conversation.body.documents[0].record.conversation.length, 4);
  assert.equal((await json(`/c/${fixtureHash('absent')}.json`)).status, 404);
  const user = await json('/u/ip-chen.json');
  assert.equal(user.body.conversations, 2);
  assert.deepEqual(
    user.body.timeline.map((entry: { month: string }) => entry.month),
    ['2024-03'],
  );
  assert.equal((await json('/u/ip-chen.json?limit=500')).status, 400);
  assert.equal((await json('/nothing-here')).status, 404);
});

test('exports are limited and say so; CSV neutralises formulas', async () => {
  const csv = await app.request('/search.csv?limit=100');
  assert.equal(csv.headers.get('x-export-limit'), '5');
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0] ?? '', /^dataset,conversation_hash,/);
  const jsonl = await app.request('/search.jsonl?q=weather');
  const rows = (await jsonl.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(rows.length, 4);
  assert.equal(rows[0].dataset, 'fixtures');
  assert.ok(Array.isArray(rows[0].conversation));
  assert.equal((await app.request('/search.csv?q=%22')).status, 400);
});

test('JSON responses carry a restrictive CSP and nosniff', async () => {
  const response = await app.request('/search.json');
  assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
});

test('with an operator token, requests without it are refused and ?token= sets a cookie', async () => {
  const token = 'a-long-operator-token-0123456789';
  const gated = createExplorerApp({ index, webDir: null, budgetMs: 5000, countCap: 10, exportLimit: 5, dataLabel: 'raw', operatorToken: token });
  assert.equal((await gated.request('/search.json')).status, 401);
  assert.equal((await gated.request('/search.json?token=wrong')).status, 401);
  const redirect = await gated.request('/search.json?q=x&token=' + token);
  assert.equal(redirect.status, 303);
  assert.equal(redirect.headers.get('location'), '/search.json?q=x');
  const cookie = (redirect.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  assert.match(redirect.headers.get('set-cookie') ?? '', /HttpOnly/);
  assert.equal((await gated.request('/search.json', { headers: { cookie } })).status, 200);
  assert.equal((await gated.request('/search.json', { headers: { authorization: `Bearer ${token}` } })).status, 200);
});
