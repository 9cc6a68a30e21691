/**
 * Explorer benchmark: build the SQLite FTS5 search index from N generated conversations
 * (bench/generate-conversations.ts: realistic lengths, ~2.5 turns, 1% up to 100 turns), report
 * build time and size, then time the explorer's JSON twins in-process (app.request: routing,
 * query parsing, SQL, facets, JSON; no socket):
 *   keyword + 3 filters with the default 6 facets and the exact count (cap 10,000)
 *   two-word phrase with facets and count
 *   user drill-down (/u/<hashed_ip>.json)
 *   a 100-turn conversation (/c/<hash>.json; server time, not browser rendering)
 * Targets (issue, at 1M conversations): build <= 10 min, p95 <= 100 / 150 / 20 / 300 ms.
 * WildVis answers a filtered search in 0.47 s ± 0.06 (Elasticsearch).
 *
 *   WILDCHAT_BENCH_SIZE=200000 node --import tsx bench/explorer.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReleaseRecord } from '../src/schema/release-record.ts';
import { SqliteSearchIndex } from '../src/search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from '../src/server/explorer/explorer-app.ts';
import { benchSize, peakRssMegabytes, printFigures, scratchDirectory, type BenchFigure } from './bench-support.ts';
import { generateConversations, seededRandom, toReleaseRecord } from './generate-conversations.ts';

const size = benchSize(50_000);
const QUERIES = Number(process.env.WILDCHAT_BENCH_QUERIES ?? 60);
const directory = scratchDirectory('explorer');
const indexFile = path.join(directory, 'search-index.sqlite');

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function words(text: string): string[] {
  return text.split(/[\s.,;:!?()`=_0-9]+/u).filter((word) => word.length >= 3 && /^\p{L}+$/u.test(word));
}

try {
  const index = new SqliteSearchIndex(indexFile);
  const random = seededRandom(99);
  const samples: ReleaseRecord[] = [];
  let buildMs = 0;
  let batch: Array<{ dataset: string; key: string; record: ReleaseRecord }> = [];
  let generated = 0;
  const flush = async (): Promise<void> => {
    const started = performance.now();
    await index.addDocuments(batch);
    buildMs += performance.now() - started;
    batch = [];
  };
  for (const conversation of generateConversations(size, 5)) {
    const record = toReleaseRecord(conversation);
    batch.push({ dataset: 'synthetic', key: String(generated), record });
    if (random() < 400 / size) samples.push(record);
    generated += 1;
    if (batch.length === 1000) await flush();
    if (generated % 50_000 === 0)
      process.stderr.write(`indexed ${generated.toLocaleString('en-US')} conversations, ${(buildMs / 1000).toFixed(0)} s in the index\n`);
  }
  await flush();
  // A 100-turn conversation made of real generated turns.
  const long: ReleaseRecord = {
    ...(samples[0] as ReleaseRecord),
    conversation_hash: 'f'.repeat(32),
    conversation: samples.flatMap((sample) => sample.conversation).slice(0, 200),
    turn: 100,
  };
  await index.addDocuments([{ dataset: 'synthetic', key: 'long', record: long }]);
  const optimizeStarted = performance.now();
  await index.optimize();
  buildMs += performance.now() - optimizeStarted;
  await index.close();
  const bytes = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (fs.statSync(indexFile + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);

  const served = new SqliteSearchIndex(indexFile);
  const app = createExplorerApp({ index: served, webDir: null, budgetMs: 10_000, countCap: 10_000, exportLimit: 1000, dataLabel: 'bench' });
  const time = async (url: string): Promise<number> => {
    const started = performance.now();
    const response = await app.request(url);
    await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    return performance.now() - started;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const keyword: number[] = [];
  const phrase: number[] = [];
  const user: number[] = [];
  const page: number[] = [];
  for (let round = 0; round < 3; round += 1)
    await time(`/search.json?q=${encodeURIComponent(pick(words(pick(samples).conversation[0]?.content ?? 'ka')) ?? 'ka')}`); // warm-up
  for (let query = 0; query < QUERIES; query += 1) {
    const sample = pick(samples);
    const sampleWords = words(sample.conversation.map((message) => message.content).join(' '));
    const word = pick(sampleWords.length > 0 ? sampleWords : ['kato']);
    keyword.push(
      await time(
        `/search.json?q=${encodeURIComponent(word)}&language=${encodeURIComponent(sample.language ?? '')}&country=${encodeURIComponent(sample.country ?? '')}&model=${encodeURIComponent(sample.model ?? '')}`,
      ),
    );
    const userWords = words(sample.conversation[0]?.content ?? '');
    const at = Math.floor(random() * Math.max(1, userWords.length - 1));
    const two = userWords.length >= 2 ? `${userWords[at]} ${userWords[at + 1]}` : word;
    phrase.push(await time(`/search.json?q=${encodeURIComponent(`"${two}"`)}`));
    user.push(await time(`/u/${encodeURIComponent(sample.hashed_ip ?? '')}.json`));
    page.push(await time(`/c/${long.conversation_hash}.json`));
  }
  await served.close();
  const figures: BenchFigure[] = [
    {
      name: `index build, ${size.toLocaleString('en-US')} conversations`,
      value: buildMs / 1000,
      unit: 's',
      target: '<= 600 s at 1M',
      met: (buildMs / 1000) * (1_000_000 / size) <= 600,
    },
    { name: 'index build rate', value: size / (buildMs / 1000), unit: 'conversations/s' },
    { name: 'index size', value: bytes / 1e6, unit: 'MB' },
    { name: 'index bytes per conversation', value: bytes / size, unit: 'bytes' },
    { name: 'keyword + 3 filters + 6 facets + count, p50', value: percentile(keyword, 0.5), unit: 'ms' },
    {
      name: 'keyword + 3 filters + 6 facets + count, p95',
      value: percentile(keyword, 0.95),
      unit: 'ms',
      target: '<= 100 ms',
      met: percentile(keyword, 0.95) <= 100,
    },
    { name: 'phrase + 6 facets + count, p50', value: percentile(phrase, 0.5), unit: 'ms' },
    { name: 'phrase + 6 facets + count, p95', value: percentile(phrase, 0.95), unit: 'ms', target: '<= 150 ms', met: percentile(phrase, 0.95) <= 150 },
    { name: 'user drill-down, p95', value: percentile(user, 0.95), unit: 'ms', target: '<= 20 ms', met: percentile(user, 0.95) <= 20 },
    { name: '100-turn conversation JSON, p95', value: percentile(page, 0.95), unit: 'ms', target: '<= 300 ms', met: percentile(page, 0.95) <= 300 },
    { name: 'keyword p95 vs WildVis 0.47 s', value: 470 / percentile(keyword, 0.95), unit: '× faster' },
    { name: 'peak RSS', value: peakRssMegabytes(), unit: 'MB' },
  ];
  printFigures(`explorer (SQLite FTS5), ${size.toLocaleString('en-US')} generated conversations, ${QUERIES} queries each`, figures);
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
