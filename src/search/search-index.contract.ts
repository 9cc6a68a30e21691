/**
 * The behaviour every SearchIndex adapter must show. An adapter's test calls
 * runSearchIndexContract with a factory returning a new, EMPTY index per call (the PostgreSQL
 * adapter reuses this file unchanged).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSearchQuery } from './query-syntax.ts';
import { FIXTURE_CONVERSATIONS, fixtureDocuments, fixtureHash, fixtureRecord } from './search-index-fixtures.ts';
import { SearchRequestError, type SearchFilters, type SearchIndex, type SearchRequest, type SearchResult, type SearchSort } from './search-index.ts';

export function runSearchIndexContract(name: string, openIndex: () => Promise<SearchIndex>): void {
  async function withIndex(body: (index: SearchIndex) => Promise<void>): Promise<void> {
    const index = await openIndex();
    try {
      await index.addDocuments(fixtureDocuments());
      await body(index);
    } finally {
      await index.close();
    }
  }

  function request(query: string, filters: SearchFilters = {}, extra: Partial<SearchRequest> = {}): SearchRequest {
    return { query: parseSearchQuery(query), filters, sort: 'time-desc', limit: 100, budgetMs: 60_000, ...extra };
  }

  async function names(index: SearchIndex, query: string, filters: SearchFilters = {}, extra: Partial<SearchRequest> = {}): Promise<string[]> {
    const result = await index.search(request(query, filters, extra));
    const byHash = new Map(FIXTURE_CONVERSATIONS.map((conversation) => [fixtureHash(conversation.name), conversation.name]));
    return result.hits.map((hit) => byHash.get(hit.conversationHash) ?? hit.conversationHash).sort();
  }

  describe(`SearchIndex contract: ${name}`, () => {
    test('an empty query lists every conversation, newest first, timeless last', () =>
      withIndex(async (index) => {
        const result = await index.search(request(''));
        assert.equal(result.hits.length, FIXTURE_CONVERSATIONS.length);
        assert.deepEqual(result.total, { count: FIXTURE_CONVERSATIONS.length, capped: false });
        const times = result.hits.map((hit) => hit.timestamp);
        assert.equal(times[times.length - 1], null);
        const known = times.filter((time): time is string => time !== null);
        assert.deepEqual(known, [...known].sort().reverse());
        assert.equal(result.timedOut, false);
      }));

    test('words match whole words in either role; role: scopes the side', () =>
      withIndex(async (index) => {
        assert.deepEqual(await names(index, 'weather'), ['code-1', 'no-time', 'weather-1', 'weather-2']);
        assert.deepEqual(await names(index, 'WEATHER role:user'), ['no-time', 'weather-1', 'weather-2']);
        assert.deepEqual(await names(index, 'weather role:assistant'), ['code-1', 'weather-1', 'weather-2']);
        assert.deepEqual(await names(index, 'weath'), []);
        assert.deepEqual(await names(index, 'weather paris'), ['weather-1']);
      }));

    test('exact phrases keep word order; excluded terms remove matches', () =>
      withIndex(async (index) => {
        assert.deepEqual(await names(index, '"weather patterns"'), ['weather-2']);
        assert.deepEqual(await names(index, '"patterns weather"'), []);
        assert.deepEqual(await names(index, 'weather -paris'), ['code-1', 'no-time', 'weather-2']);
        assert.deepEqual(await names(index, 'weather -"long-term weather"'), ['code-1', 'no-time', 'weather-1']);
        const everyOther = FIXTURE_CONVERSATIONS.map((conversation) => conversation.name).filter(
          (name) => !['code-1', 'no-time', 'weather-1', 'weather-2'].includes(name),
        );
        assert.deepEqual(await names(index, '-weather'), everyOther.sort());
      }));

    test('turn:first searches only the first user message and the first reply', () =>
      withIndex(async (index) => {
        assert.deepEqual(await names(index, 'thanks'), ['weather-2']);
        assert.deepEqual(await names(index, 'thanks turn:first'), []);
        assert.deepEqual(await names(index, 'climate turn:first role:user'), ['weather-2']);
      }));

    test('Chinese substrings of one, two and more characters are found', () =>
      withIndex(async (index) => {
        assert.deepEqual(await names(index, '天气'), ['chinese-1']);
        assert.deepEqual(await names(index, '你好'), ['chinese-2']);
        assert.deepEqual(await names(index, '诗'), ['chinese-2']);
        assert.deepEqual(await names(index, '天气怎么'), ['chinese-1']);
        assert.deepEqual(await names(index, '"北京旅游"'), ['chinese-1']);
        assert.deepEqual(await names(index, '北京 role:assistant'), ['chinese-1']);
        assert.deepEqual(await names(index, 'привет'), ['russian-1']);
      }));

    test('every filter narrows to the conversations that pass it', () =>
      withIndex(async (index) => {
        assert.deepEqual(await names(index, '', { language: ['Chinese'] }), ['chinese-1', 'chinese-2']);
        assert.deepEqual(await names(index, '', { country: ['France'], model: ['gpt-4'] }), ['weather-2']);
        assert.deepEqual(await names(index, '', { toxic: true }), ['toxic-1']);
        assert.deepEqual(await names(index, '', { moderation: ['harassment'] }), ['toxic-1']);
        assert.deepEqual(await names(index, '', { moderation: ['harassment', 'self-harm'] }), []);
        assert.deepEqual(await names(index, '', { jailbreak: ['dan'] }), ['jailbreak-1']);
        assert.deepEqual(await names(index, '', { jailbreak: ['any'] }), ['jailbreak-1']);
        assert.deepEqual(await names(index, '', { redacted: true }), ['jailbreak-1']);
        assert.deepEqual(await names(index, '', { minTurns: 2 }), ['weather-2']);
        assert.equal((await names(index, '', { maxTurns: 1 })).length, FIXTURE_CONVERSATIONS.length - 1);
        assert.deepEqual(await names(index, '', { from: '2024-03-01', to: '2024-03-06' }), ['chinese-1', 'chinese-2']);
        assert.deepEqual(await names(index, '', { from: '2024-03-06T00:00:00Z' }), ['chinese-2', 'jailbreak-1', 'russian-1', 'toxic-1', 'xss-1']);
        assert.deepEqual(await names(index, '', { hashedIp: 'ip-alice' }), ['weather-1', 'weather-2']);
        assert.deepEqual(await names(index, '', { conversationHash: fixtureHash('code-1') }), ['code-1']);
        assert.deepEqual(await names(index, '', { turnIdentifier: 3 }), ['weather-2']);
        assert.deepEqual(await names(index, '', { language: [''] }), ['no-time']);
        assert.deepEqual(await names(index, 'weather', { hashedIp: 'ip-alice', country: ['France'] }), ['weather-1', 'weather-2']);
        assert.deepEqual(await names(index, 'weather', { hashedIp: 'ip-bob' }), ['code-1']);
        assert.deepEqual(await names(index, '', { dataset: ['elsewhere'] }), []);
      }));

    test('a search term with equality filters, including unknown values and lists, in every order', () =>
      withIndex(async (index) => {
        for (const sort of ['time-desc', 'time-asc', 'relevance'] as SearchSort[]) {
          assert.deepEqual(await names(index, 'weather', { country: ['France'] }, { sort }), ['weather-1', 'weather-2']);
          assert.deepEqual(await names(index, 'weather', { country: ['France'], model: ['gpt-4'] }, { sort }), ['weather-2']);
          assert.deepEqual(await names(index, 'weather', { language: [''] }, { sort }), ['no-time']);
          assert.deepEqual(await names(index, 'weather', { language: ['', 'English'] }, { sort }), ['code-1', 'no-time', 'weather-1', 'weather-2']);
          assert.deepEqual(await names(index, 'weather', { model: ['gpt-4o-mini'], country: ['United States'] }, { sort }), ['code-1']);
          assert.deepEqual(await names(index, 'weather', { dataset: ['elsewhere'], country: ['France'] }, { sort }), []);
          assert.deepEqual(await names(index, '北京', { language: ['Chinese'], country: ['China', 'Russia'] }, { sort }), ['chinese-1']);
          assert.deepEqual(await names(index, 'weather -paris', { country: ['France'] }, { sort }), ['weather-2']);
        }
      }));

    test('facet counts equal an independent count over the fixtures', () =>
      withIndex(async (index) => {
        const result = await index.search(request('', {}, { facets: ['language', 'country', 'model', 'toxic', 'month'], facetSize: 50 }));
        const expected = (pick: (conversation: (typeof FIXTURE_CONVERSATIONS)[number]) => string | null): Map<string | null, number> => {
          const tally = new Map<string | null, number>();
          for (const conversation of FIXTURE_CONVERSATIONS) tally.set(pick(conversation), (tally.get(pick(conversation)) ?? 0) + 1);
          return tally;
        };
        const asMap = (field: string): Map<string | null, number> =>
          new Map(result.facets.find((facet) => facet.field === field)?.values.map((value) => [value.value, value.count]));
        const record = (conversation: (typeof FIXTURE_CONVERSATIONS)[number]) => fixtureRecord(conversation);
        assert.deepEqual(
          asMap('language'),
          expected((c) => record(c).language),
        );
        assert.deepEqual(
          asMap('country'),
          expected((c) => record(c).country),
        );
        assert.deepEqual(
          asMap('model'),
          expected((c) => record(c).model),
        );
        assert.deepEqual(
          asMap('toxic'),
          expected((c) => (record(c).toxic === null ? null : String(record(c).toxic))),
        );
        assert.deepEqual(
          asMap('month'),
          expected((c) => record(c).timestamp?.slice(0, 7) ?? null),
        );
        assert.equal(result.facetsCover, FIXTURE_CONVERSATIONS.length);
        const weather = await index.search(request('weather', {}, { facets: ['country'] }));
        assert.deepEqual(
          new Map(weather.facets[0]?.values.map((value) => [value.value, value.count])),
          new Map<string | null, number>([
            ['France', 2],
            ['United States', 1],
            [null, 1],
          ]),
        );
      }));

    test('cursor pages walk every match once, in order, for each sort', () =>
      withIndex(async (index) => {
        for (const sort of ['time-desc', 'time-asc', 'relevance'] as SearchSort[]) {
          const query = sort === 'relevance' ? 'weather' : '';
          const expectedCount = sort === 'relevance' ? 4 : FIXTURE_CONVERSATIONS.length;
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page: SearchResult = await index.search(request(query, {}, { sort, limit: 3, cursor }));
            seen.push(...page.hits.map((hit) => hit.key));
            cursor = page.nextCursor;
            pages += 1;
            assert.ok(pages < 20);
          } while (cursor !== null);
          assert.equal(seen.length, expectedCount, sort);
          assert.equal(new Set(seen).size, expectedCount, sort);
          const single = await index.search(request(query, {}, { sort, limit: 100 }));
          assert.deepEqual(
            seen,
            single.hits.map((hit) => hit.key),
            sort,
          );
        }
      }));

    test('relevance without a search term falls back to time order', () =>
      withIndex(async (index) => {
        const result = await index.search(request('', {}, { sort: 'relevance' }));
        assert.equal(result.sort, 'time-desc');
      }));

    test('the total is exact up to the cap and says when it is capped', () =>
      withIndex(async (index) => {
        assert.deepEqual((await index.search(request('', {}, { countCap: 3 }))).total, { count: 3, capped: true });
        assert.deepEqual((await index.search(request('weather', {}, { countCap: 4 }))).total, { count: 4, capped: false });
        assert.deepEqual((await index.search(request('nothingmatchesthis'))).total, { count: 0, capped: false });
      }));

    test('a search past its budget is cut and says so', () =>
      withIndex(async (index) => {
        const result = await index.search(request('', {}, { budgetMs: 0, facets: ['language'] }));
        assert.equal(result.timedOut, true);
        assert.ok(result.cut.length > 0);
      }));

    test('hits carry a snippet around the first match', () =>
      withIndex(async (index) => {
        const result = await index.search(request('"weather patterns"'));
        assert.match(result.hits[0]?.snippet ?? '', /weather patterns/i);
        assert.equal(result.hits[0]?.preview, 'Tell me about climate change and weather patterns.');
      }));

    test('re-adding is a no-op; a changed conversation replaces the old text', () =>
      withIndex(async (index) => {
        assert.deepEqual(await index.addDocuments(fixtureDocuments()), { added: 0, replaced: 0, unchanged: FIXTURE_CONVERSATIONS.length });
        const changed = fixtureRecord({ name: 'weather-1', messages: [{ role: 'user', content: 'Now about snow in Oslo' }], time: '2024-01-01T08:00:00Z' });
        assert.deepEqual(await index.addDocuments([{ dataset: 'fixtures', key: fixtureHash('weather-1'), record: changed }]), {
          added: 0,
          replaced: 1,
          unchanged: 0,
        });
        assert.deepEqual(await names(index, 'paris'), []);
        assert.deepEqual(await names(index, 'oslo'), ['weather-1']);
        assert.equal((await index.search(request(''))).total?.count, FIXTURE_CONVERSATIONS.length);
      }));

    test('documents and datasets can be removed; datasets are listed with counts', () =>
      withIndex(async (index) => {
        await index.addDocuments(fixtureDocuments('second'));
        await index.setSourcePosition('second', 42);
        const listed = await index.listDatasets();
        assert.deepEqual(
          listed.map((dataset) => [dataset.name, dataset.documents]),
          [
            ['fixtures', FIXTURE_CONVERSATIONS.length],
            ['second', FIXTURE_CONVERSATIONS.length],
          ],
        );
        assert.equal(listed[1]?.sourcePosition, 42);
        assert.deepEqual(await names(index, 'paris', { dataset: ['second'] }), ['weather-1']);
        assert.equal(await index.removeDocuments('second', [fixtureHash('weather-1'), 'absent']), 1);
        assert.deepEqual(
          await index.documentKeys('second'),
          fixtureDocuments()
            .map((document) => document.key)
            .filter((key) => key !== fixtureHash('weather-1'))
            .sort(),
        );
        assert.deepEqual(await names(index, 'paris', { dataset: ['second'] }), []);
        assert.equal(await index.removeDataset('second'), FIXTURE_CONVERSATIONS.length - 1);
        assert.deepEqual(
          (await index.listDatasets()).map((dataset) => dataset.name),
          ['fixtures'],
        );
      }));

    test('a conversation is fetched whole by its hash', () =>
      withIndex(async (index) => {
        const conversation = FIXTURE_CONVERSATIONS.find((item) => item.name === 'weather-2');
        assert.ok(conversation);
        const found = await index.getConversation(fixtureHash('weather-2'));
        assert.equal(found.length, 1);
        assert.deepEqual(found[0]?.record, fixtureRecord(conversation));
        assert.deepEqual(await index.getConversation(fixtureHash('absent')), []);
      }));

    test('a user drill-down lists all their conversations and a monthly timeline', () =>
      withIndex(async (index) => {
        const result = await index.user({ hashedIp: 'ip-alice', limit: 1 });
        assert.equal(result.conversations, 2);
        assert.equal(result.hits.length, 1);
        assert.ok(result.nextCursor !== null);
        const rest = await index.user({ hashedIp: 'ip-alice', limit: 10, cursor: result.nextCursor });
        assert.equal(rest.hits.length, 1);
        assert.equal(rest.nextCursor, null);
        assert.deepEqual(
          result.timeline.map((entry) => [entry.month, entry.conversations, entry.countries[0]?.value, entry.models[0]?.value]),
          [
            ['2024-01', 1, 'France', 'gpt-4o-mini'],
            ['2024-02', 1, 'France', 'gpt-4'],
          ],
        );
        assert.equal((await index.user({ hashedIp: 'nobody', limit: 10 })).conversations, 0);
      }));

    test('bad page sizes and cursors are request errors', () =>
      withIndex(async (index) => {
        await assert.rejects(index.search(request('', {}, { limit: 0 })), SearchRequestError);
        await assert.rejects(index.search(request('', {}, { cursor: 'garbage' })), SearchRequestError);
        const page = await index.search(request('', {}, { limit: 2 }));
        await assert.rejects(index.search(request('', {}, { sort: 'time-asc', cursor: page.nextCursor })), SearchRequestError);
        await assert.rejects(index.search(request('', { from: 'yesterday' })), SearchRequestError);
      }));
  });
}
