/**
 * Explorer benchmark, per SearchIndex adapter on the same data and the same queries (same run):
 * SQLite FTS5 (embedded file) and PostgreSQL full text + pg_trgm (a real server this bench
 * starts, fsync on). Builds each index from N generated conversations
 * (bench/generate-conversations.ts: realistic lengths, ~2.5 turns, 1% up to 100 turns), reports
 * build time, CPU and size, then times the explorer's JSON twins in-process (app.request:
 * routing, query parsing, SQL, facets, JSON; no socket):
 *   keyword + 3 filters with the default 6 facets and the exact count (cap 10,000)
 *   two-word phrase with facets and count
 *   user drill-down (/u/<hashed_ip>.json)
 *   a 100-turn conversation (/c/<hash>.json; server time, not browser rendering)
 * Targets (issue, at 1M conversations): build <= 10 min, p95 <= 100 / 150 / 20 / 300 ms.
 * WildVis answers a filtered search in 0.47 s ± 0.06 (Elasticsearch).
 * The SQLite index is built the way `wildchat index` builds a new one (bulk load into a temporary
 * file, merged and moved into place; the time includes closing the file).
 * Build CPU counts this process and, for PostgreSQL, the server's backends (postmaster's
 * reaped children, read from /proc after the build connections closed). Each query kind also
 * reports its p95 in CPU time of this process: on a shared machine the wall tails measure the
 * load as much as the query (for PostgreSQL the server's share is not in it).
 *
 *   WILDCHAT_BENCH_SIZE=200000 node --import tsx bench/explorer.bench.ts
 *   WILDCHAT_BENCH_INDEX=sqlite node --import tsx bench/explorer.bench.ts     # one adapter only
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReleaseRecord } from '../src/schema/release-record.ts';
import { PgSearchIndex } from '../src/search/postgres/pg-search-index.ts';
import type { IndexDocument, SearchIndex } from '../src/search/search-index.ts';
import { SqliteBulkBuild } from '../src/search/sqlite/sqlite-bulk-build.ts';
import { SqliteSearchIndex } from '../src/search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from '../src/server/explorer/explorer-app.ts';
import { findPostgresBinaries, startPostgresServer, type PostgresServer } from '../test/support/postgres-server.ts';
import { benchSize, cpuSeconds, peakRssMegabytes, printFigures, scratchDirectory, type BenchFigure } from './bench-support.ts';
import { generateConversations, seededRandom, toReleaseRecord } from './generate-conversations.ts';

const size = benchSize(50_000);
const QUERIES = Number(process.env.WILDCHAT_BENCH_QUERIES ?? 60);
const ADAPTERS = (process.env.WILDCHAT_BENCH_INDEX ?? (findPostgresBinaries() === null ? 'sqlite' : 'sqlite,postgres')).split(',');
const directory = scratchDirectory('explorer');

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function words(text: string): string[] {
  return text.split(/[\s.,;:!?()`=_0-9]+/u).filter((word) => word.length >= 3 && /^\p{L}+$/u.test(word));
}

/** CPU seconds of a PostgreSQL server's exited backends and the postmaster itself (Linux /proc). */
function serverCpuSeconds(server: PostgresServer): number {
  const fields = fs.readFileSync(`/proc/${server.pid()}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // Fields 14-17 of stat (utime, stime, cutime, cstime), counted from after the command name.
  const ticks = [11, 12, 13, 14].reduce((sum, position) => sum + Number(fields[position] ?? 0), 0);
  return ticks / 100;
}

/** An index being built: documents go into index, finish makes it final (merged, closed). */
interface IndexBuild {
  index: SearchIndex;
  finish(): Promise<void>;
}

interface Adapter {
  name: string;
  open(): Promise<SearchIndex>;
  /** The way `wildchat index` builds a new index of this kind. */
  build(): Promise<IndexBuild>;
  bytes(): Promise<number>;
  /** CPU seconds spent outside this process so far (the database server), 0 for embedded. */
  externalCpu(): number;
  stop(): Promise<void>;
}

async function adapter(name: string): Promise<Adapter> {
  if (name === 'sqlite') {
    const file = path.join(directory, 'search-index.sqlite');
    return {
      name: 'SQLite FTS5',
      open: async () => new SqliteSearchIndex(file),
      // A first build is a bulk load into a temporary file (SqliteBulkBuild, as `wildchat index` does).
      build: async () => {
        const build = SqliteBulkBuild.begin(file);
        return { index: build.index, finish: () => build.finish() };
      },
      bytes: async () => ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (fs.statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0),
      externalCpu: () => 0,
      stop: async () => undefined,
    };
  }
  if (name !== 'postgres') throw new Error(`WILDCHAT_BENCH_INDEX: unknown adapter ${name} (sqlite, postgres)`);
  const server = await startPostgresServer({ durable: true, settings: { shared_buffers: '256MB', maintenance_work_mem: '256MB', max_wal_size: '4GB' } });
  const url = await server.createDatabase();
  return {
    name: 'PostgreSQL full text + pg_trgm',
    open: () => PgSearchIndex.openUrl(url),
    build: async () => {
      const index = await PgSearchIndex.openUrl(url);
      return {
        index,
        finish: async () => {
          await index.optimize?.();
          await index.close();
        },
      };
    },
    bytes: async () => {
      const index = await PgSearchIndex.openUrl(url);
      await index.close();
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ bytes: string }>(
          "SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'search\\_%'",
        );
        return Number(result.rows[0]?.bytes ?? 0);
      } finally {
        await client.end();
      }
    },
    externalCpu: () => serverCpuSeconds(server),
    stop: () => server.stop(),
  };
}

// The same conversations and queries for every adapter. The conversations are generated again
// for each build, a batch at a time, rather than held: at 1M they took 12.5 GB as one array. The
// generator's own time is measured around each batch and left out of the build figures.
const BATCH = 1000;
const SAMPLES = 400;

interface GeneratedBatch {
  documents: IndexDocument[];
  samples: ReleaseRecord[];
}

function* documentBatches(): Generator<GeneratedBatch> {
  // Its own seed, so every pass picks the same samples.
  const sampling = seededRandom(98);
  let documents: IndexDocument[] = [];
  let samples: ReleaseRecord[] = [];
  let generated = 0;
  for (const conversation of generateConversations(size, 5)) {
    const record = toReleaseRecord(conversation);
    documents.push({ dataset: 'synthetic', key: String(generated), record });
    if (sampling() < SAMPLES / size) samples.push(record);
    generated += 1;
    if (documents.length === BATCH) {
      yield { documents, samples };
      documents = [];
      samples = [];
    }
  }
  if (documents.length > 0) yield { documents, samples };
}

/** The generator's next batch, and the wall and CPU time it took to make it. */
function timedNext(batches: Iterator<GeneratedBatch>): { batch: GeneratedBatch | null; ms: number; cpu: number } {
  const begun = performance.now();
  const cpuBegun = cpuSeconds();
  const next = batches.next();
  return { batch: next.done === true ? null : next.value, ms: performance.now() - begun, cpu: cpuSeconds() - cpuBegun };
}

interface Queries {
  long: ReleaseRecord;
  warmUps: string[];
  list: Array<{ keyword: string; phrase: string; user: string; page: string }>;
}

/** The queries, from the samples of the first pass (every pass draws the same ones). */
function queriesFrom(samples: readonly ReleaseRecord[]): Queries {
  const random = seededRandom(99);
  // A 100-turn conversation made of real generated turns.
  const long: ReleaseRecord = {
    ...(samples[0] as ReleaseRecord),
    conversation_hash: 'f'.repeat(32),
    conversation: samples.flatMap((sample) => sample.conversation).slice(0, 200),
    turn: 100,
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const warmUps = [0, 1, 2].map(() => `/search.json?q=${encodeURIComponent(pick(words(pick(samples).conversation[0]?.content ?? 'ka')) ?? 'ka')}`);
  const list = Array.from({ length: QUERIES }, () => {
    const sample = pick(samples);
    const sampleWords = words(sample.conversation.map((message) => message.content).join(' '));
    const word = pick(sampleWords.length > 0 ? sampleWords : ['kato']);
    const userWords = words(sample.conversation[0]?.content ?? '');
    const at = Math.floor(random() * Math.max(1, userWords.length - 1));
    const two = userWords.length >= 2 ? `${userWords[at]} ${userWords[at + 1]}` : word;
    return {
      keyword: `/search.json?q=${encodeURIComponent(word)}&language=${encodeURIComponent(sample.language ?? '')}&country=${encodeURIComponent(sample.country ?? '')}&model=${encodeURIComponent(sample.model ?? '')}`,
      phrase: `/search.json?q=${encodeURIComponent(`"${two}"`)}`,
      user: `/u/${encodeURIComponent(sample.hashed_ip ?? '')}.json`,
      page: `/c/${long.conversation_hash}.json`,
    };
  });
  return { long, warmUps, list };
}

let queries: Queries | null = null;
try {
  for (const name of ADAPTERS) {
    const engine = await adapter(name);
    try {
      const cpuBefore = cpuSeconds() + engine.externalCpu();
      const started = performance.now();
      const { index, finish } = await engine.build();
      let done = 0;
      let generationMs = 0;
      let generationCpu = 0;
      const samples: ReleaseRecord[] = [];
      const batches = documentBatches();
      for (let next = timedNext(batches); next.batch !== null; next = timedNext(batches)) {
        generationMs += next.ms;
        generationCpu += next.cpu;
        samples.push(...next.batch.samples);
        await index.addDocuments(next.batch.documents);
        done += next.batch.documents.length;
        if (done % 50_000 === 0)
          process.stderr.write(
            `${engine.name}: indexed ${done.toLocaleString('en-US')} conversations, ${((performance.now() - started - generationMs) / 1000).toFixed(0)} s\n`,
          );
      }
      queries ??= queriesFrom(samples);
      const { long, warmUps } = queries;
      await index.addDocuments([{ dataset: 'synthetic', key: 'long', record: long }]);
      await finish();
      const buildMs = performance.now() - started - generationMs;
      const buildCpu = cpuSeconds() + engine.externalCpu() - cpuBefore - generationCpu;
      const bytes = await engine.bytes();

      const served = await engine.open();
      const app = createExplorerApp({ index: served, webDir: null, budgetMs: 10_000, countCap: 10_000, exportLimit: 1000, dataLabel: 'bench' });
      const cpu = { keyword: [] as number[], phrase: [] as number[], user: [] as number[], page: [] as number[] };
      const time = async (url: string, cpuTimes: number[] = []): Promise<number> => {
        const begun = performance.now();
        const cpuBegun = cpuSeconds();
        const response = await app.request(url);
        await response.text();
        cpuTimes.push((cpuSeconds() - cpuBegun) * 1000);
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
        return performance.now() - begun;
      };
      for (const url of warmUps) await time(url);
      const keyword: number[] = [];
      const phrase: number[] = [];
      const user: number[] = [];
      const page: number[] = [];
      for (const query of queries.list) {
        keyword.push(await time(query.keyword, cpu.keyword));
        phrase.push(await time(query.phrase, cpu.phrase));
        user.push(await time(query.user, cpu.user));
        page.push(await time(query.page, cpu.page));
      }
      await served.close();
      const figures: BenchFigure[] = [
        {
          name: `index build, ${size.toLocaleString('en-US')} conversations (wall)`,
          value: buildMs / 1000,
          unit: 's',
          target: '<= 600 s at 1M',
          met: (buildMs / 1000) * (1_000_000 / size) <= 600,
        },
        { name: 'index build rate (wall)', value: size / (buildMs / 1000), unit: 'conversations/s' },
        { name: 'index build CPU (this process + database server)', value: buildCpu, unit: 'CPU-s' },
        { name: 'index build rate per CPU-second', value: size / buildCpu, unit: 'conversations/CPU-s' },
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
        { name: 'CPU time p95: keyword', value: percentile(cpu.keyword, 0.95), unit: 'CPU-ms' },
        { name: 'CPU time p95: phrase', value: percentile(cpu.phrase, 0.95), unit: 'CPU-ms' },
        { name: 'CPU time p95: user drill-down', value: percentile(cpu.user, 0.95), unit: 'CPU-ms' },
        { name: 'CPU time p95: 100-turn conversation', value: percentile(cpu.page, 0.95), unit: 'CPU-ms' },
        { name: 'load average (1 min) at the end', value: os.loadavg()[0] ?? Number.NaN, unit: '' },
        { name: 'keyword p95 vs WildVis 0.47 s', value: 470 / percentile(keyword, 0.95), unit: '× faster' },
        { name: 'peak RSS (this process)', value: peakRssMegabytes(), unit: 'MB' },
      ];
      printFigures(`explorer (${engine.name}), ${size.toLocaleString('en-US')} generated conversations, ${QUERIES} queries each`, figures);
    } finally {
      await engine.stop();
    }
  }
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
