/**
 * Time-to-first-token overhead of the collector over calling the upstream directly.
 *
 * Three processes: the upstream double, the collector (startServer, as `wildchat serve`), and this
 * load generator. At each concurrency level, that many workers each run rounds of three requests
 * with the same user message, one after the other, in an order that rotates every round:
 *
 *   direct  client → double /v1/chat/completions (the exact body the collector sends upstream)
 *   openai  client → collector /v1/chat/completions (stream: true, consent token) → double
 *   native  client → collector /api/conversations/:id/messages (SSE) → double
 *
 * Time to first token is measured client-side, from just before the request is written to the first
 * non-empty content delta. Because the three run back to back under the same background load, the
 * difference within a round ("paired") is the collector's added latency with most machine noise
 * cancelled. Every collector turn is then checked in the store (complete, full reply).
 *
 *   node --import tsx bench/collector-overhead.bench.ts      (BENCH_SCALE=small|full)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchHttpClient, type RequestSpec, type StreamFormat, type StreamResult } from './collector-http-client.ts';
import { startCollectorProcess, startDoubleProcess } from './collector-processes.ts';
import {
  appendByDefault,
  appendResults,
  benchScale,
  describeMachine,
  formatMs,
  machineInfo,
  markdownTable,
  summarize,
  verdict,
  type BenchScale,
  type Summary,
} from './collector-report.ts';
import { BenchConsents, checkStoredRun, directRequest, expectedReply, nativeRequest, openAiRequest, userMessage } from './collector-session.ts';

const TARGET_P50_MS = 1;
const TARGET_P99_MS = 5;
const VARIANTS = ['direct', 'openai', 'native'] as const;
type Variant = (typeof VARIANTS)[number];
type ProxiedVariant = Exclude<Variant, 'direct'>;

export interface LevelSpec {
  concurrency: number;
  /** Measured rounds per worker (one round = one request of each variant). */
  rounds: number;
  /** Reply size and pacing of the double at this level (its first piece is sent at once either way). */
  chunks: number;
  chunkDelayMs: number;
}

export interface OverheadOptions {
  scale?: BenchScale;
  levels?: LevelSpec[];
  cpuProfileDirectory?: string;
  appendToResults?: boolean;
}

export interface LevelResult extends LevelSpec {
  firstToken: Record<Variant, Summary>;
  errors: Record<Variant, number>;
  /** Per-round differences proxied − direct. */
  paired: Record<ProxiedVariant, Summary>;
  /** Collector CPU milliseconds per proxied request at this level. */
  collectorCpuPerRequestMs: number;
  /** New streams per second the workers started (all variants). */
  startsPerSecond: number;
  /** The collector's event-loop delay during the level. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  storeProblems: string[];
  storedTurns: number;
  pass: Record<ProxiedVariant, boolean>;
}

export interface OverheadResult {
  levels: LevelResult[];
  pass: boolean;
  markdown: string;
}

// At 1 stream the replies are short so that many rounds fit; under concurrency every worker holds a
// stream of about a second (20 pieces, 50 ms apart), so N workers keep about N streams open while
// starting about N new ones a second: latency under load, not a saturation test.
const LEVELS: Record<BenchScale, LevelSpec[]> = {
  small: [
    { concurrency: 1, rounds: 200, chunks: 8, chunkDelayMs: 5 },
    { concurrency: 50, rounds: 6, chunks: 20, chunkDelayMs: 50 },
    { concurrency: 200, rounds: 4, chunks: 20, chunkDelayMs: 50 },
  ],
  full: [
    { concurrency: 1, rounds: 1500, chunks: 8, chunkDelayMs: 5 },
    { concurrency: 50, rounds: 30, chunks: 20, chunkDelayMs: 50 },
    { concurrency: 200, rounds: 20, chunks: 20, chunkDelayMs: 50 },
  ],
};
/** Requests of each variant sent before measuring, so the JIT has compiled the hot paths of all three processes. */
const WARM_UP_REQUESTS = 300;
const MIN_WARM_UP_WORKERS = 20;

export async function runCollectorOverheadBench(options: OverheadOptions = {}): Promise<OverheadResult> {
  const scale = options.scale ?? benchScale();
  const levels = options.levels ?? LEVELS[scale];
  const machine = machineInfo();
  const results: LevelResult[] = [];
  for (const level of levels) {
    results.push(await measureLevel(level, options.cpuProfileDirectory));
    process.stderr.write(`collector-overhead: concurrency ${level.concurrency} done\n`);
  }
  const pass = results.every((level) => level.storeProblems.length === 0 && level.pass.openai && level.pass.native);
  const markdown = renderMarkdown({ scale, machine: describeMachine(machine), results, pass });
  if (options.appendToResults ?? appendByDefault()) appendResults(markdown);
  return { levels: results, pass, markdown };
}

/** One level against a fresh double and collector, so that no level inherits another's store or pools. */
async function measureLevel(level: LevelSpec, cpuProfileDirectory: string | undefined): Promise<LevelResult> {
  const double = await startDoubleProcess({ chunks: level.chunks, delayMs: level.chunkDelayMs });
  const collector = await startCollectorProcess({
    upstreamUrl: double.baseUrl,
    ...(cpuProfileDirectory === undefined ? {} : { cpuProfileDirectory }),
  });
  const client = new BenchHttpClient();
  const expected: { turnIdentifier: number; userContent: string }[] = [];
  const samples: Record<Variant, number[]> = { direct: [], openai: [], native: [] };
  const errors: Record<Variant, number> = { direct: 0, openai: 0, native: 0 };
  const differences: Record<ProxiedVariant, number[]> = { openai: [], native: [] };
  let collectorCpuPerRequestMs = 0;
  let startsPerSecond = 0;
  let loopDelay = { p99: 0, max: 0 };
  try {
    const consents = new BenchConsents(client, collector.port);
    const conversations: { conversationId: string; token: string }[] = [];
    const warmUpWorkers = Math.max(level.concurrency, MIN_WARM_UP_WORKERS);
    for (let index = 0; index < warmUpWorkers; index++) conversations.push(await consents.createConversation());
    let messageCounter = 0;
    // The consent is fetched before the clock starts (the pool takes a new one every few hundred /v1 conversations).
    const buildRequest = async (variant: Variant, worker: number, content: string): Promise<{ spec: RequestSpec; format: StreamFormat }> => {
      if (variant === 'direct') return { spec: directRequest(double.port, content), format: 'openai' };
      if (variant === 'openai') return { spec: openAiRequest(collector.port, await consents.forNewConversation(), content), format: 'openai' };
      // A new first turn each time (parentTurnId null), so the upstream request is the same as the others'.
      const conversation = conversations[worker];
      return { spec: nativeRequest(collector.port, conversation?.token ?? '', conversation?.conversationId ?? '', content), format: 'native' };
    };
    const runRound = async (worker: number, round: number, record: boolean): Promise<void> => {
      const content = userMessage(`c${level.concurrency}`, messageCounter++);
      const offset = (worker + round) % VARIANTS.length;
      const order = [...VARIANTS.slice(offset), ...VARIANTS.slice(0, offset)];
      const outcome = new Map<Variant, StreamResult>();
      for (const variant of order) {
        const { spec, format } = await buildRequest(variant, worker, content);
        const result = await client.stream(spec, format);
        outcome.set(variant, result);
        const healthy = result.ok && result.firstContentMs !== null && result.content === expectedReply(content);
        if (variant !== 'direct' && result.turnIdentifier !== null) expected.push({ turnIdentifier: result.turnIdentifier, userContent: content });
        if (!record) continue;
        if (!healthy) errors[variant]++;
        else if (result.firstContentMs !== null) samples[variant].push(result.firstContentMs);
      }
      if (!record) return;
      const direct = outcome.get('direct');
      for (const variant of ['openai', 'native'] as const) {
        const proxied = outcome.get(variant);
        if (direct?.ok === true && proxied?.ok === true && direct.firstContentMs !== null && proxied.firstContentMs !== null) {
          differences[variant].push(proxied.firstContentMs - direct.firstContentMs);
        }
      }
    };
    // Workers start spread over one round, as users arrive independently; started together they would
    // stay in lock-step and every round would open with a burst of N requests in the same millisecond.
    const roundMs = VARIANTS.length * (level.chunks - 1) * level.chunkDelayMs;
    const runWorkers = (workers: number, rounds: number, record: boolean): Promise<void[]> =>
      Promise.all(
        Array.from({ length: workers }, async (_, worker) => {
          if (record && workers > 1) await new Promise((resolve) => setTimeout(resolve, (worker / workers) * roundMs));
          for (let round = 0; round < rounds; round++) await runRound(worker, round, record);
        }),
      );

    await runWorkers(warmUpWorkers, Math.ceil(WARM_UP_REQUESTS / warmUpWorkers), false);
    const before = await collector.stats();
    const startedAt = performance.now();
    await runWorkers(level.concurrency, level.rounds, true);
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await collector.stats();
    collectorCpuPerRequestMs = (after.cpuMilliseconds - before.cpuMilliseconds) / (level.concurrency * level.rounds * 2);
    startsPerSecond = (level.concurrency * level.rounds * VARIANTS.length) / seconds;
    loopDelay = { p99: after.eventLoopDelayP99Ms, max: after.eventLoopDelayMaxMs };
  } finally {
    client.close();
    await collector.close().catch(() => undefined);
    await double.stop();
  }

  const [check] = await checkStoredRun(collector, expected);
  if (check === undefined) throw new Error('no store check');
  const paired = { openai: summarize(differences.openai), native: summarize(differences.native) };
  const passes = (summary: Summary): boolean => summary.count > 0 && summary.p50 <= TARGET_P50_MS && summary.p99 <= TARGET_P99_MS;
  return {
    ...level,
    firstToken: { direct: summarize(samples.direct), openai: summarize(samples.openai), native: summarize(samples.native) },
    errors,
    paired,
    collectorCpuPerRequestMs,
    startsPerSecond,
    loopDelayP99Ms: loopDelay.p99,
    loopDelayMaxMs: loopDelay.max,
    storeProblems: check.problems,
    storedTurns: check.storedTurns,
    pass: { openai: passes(paired.openai) && errors.openai === 0, native: passes(paired.native) && errors.native === 0 },
  };
}

function renderMarkdown(input: { scale: BenchScale; machine: string; results: LevelResult[]; pass: boolean }): string {
  const rows: string[][] = [];
  for (const level of input.results) {
    const load = `${level.concurrency} (${level.chunks}×${level.chunkDelayMs} ms, ${level.startsPerSecond.toFixed(0)} starts/s)`;
    for (const variant of VARIANTS) {
      const ttft = level.firstToken[variant];
      const paired = variant === 'direct' ? null : level.paired[variant];
      const direct = level.firstToken.direct;
      rows.push([
        variant === 'direct' ? load : '',
        variant,
        String(ttft.count),
        String(level.errors[variant]),
        formatMs(ttft.p50),
        formatMs(ttft.p90),
        formatMs(ttft.p99),
        paired === null ? '' : `${formatMs(paired.p50)} / ${formatMs(paired.p90)} / ${formatMs(paired.p99)}`,
        paired === null ? '' : `${formatMs(ttft.p50 - direct.p50)} / ${formatMs(ttft.p99 - direct.p99)}`,
        variant === 'direct' ? formatMs(level.collectorCpuPerRequestMs) : '',
        variant === 'direct' ? `${formatMs(level.loopDelayP99Ms)} / ${formatMs(level.loopDelayMaxMs)}` : '',
        variant === 'direct' ? '' : verdict(level.pass[variant]),
      ]);
    }
  }
  const table = markdownTable(
    [
      'streams (reply, starts/s)',
      'path',
      'n',
      'errors',
      'TTFT p50',
      'p90',
      'p99',
      'added p50 / p90 / p99 (paired)',
      'p50 / p99 gap',
      'collector CPU ms/req',
      'loop delay p99 / max',
      `target ≤${TARGET_P50_MS} / ≤${TARGET_P99_MS} ms`,
    ],
    rows,
  );
  const problems = input.results.flatMap((level) => level.storeProblems.map((problem) => `${level.concurrency} streams: ${problem}`));
  const storedTurns = input.results.reduce((total, level) => total + level.storedTurns, 0);
  const storeLine =
    problems.length === 0
      ? `Every collector turn (${storedTurns}, warm-up included) is in the store, complete, with the full reply.`
      : `Store check FAILED (${problems.length}): ${problems.slice(0, 3).join('; ')}.`;
  return [
    `## Collector: time-to-first-token overhead (${input.scale}) — ${verdict(input.pass)}`,
    '',
    `Machine: ${input.machine}.`,
    '',
    'Setup: upstream double, collector (`startServer`, default settings except raised per-IP limits, info log to a file) and this client in three processes,',
    'fresh for each level. N workers each run rounds of direct / openai / native requests with the same message, back to back, in rotating order,',
    'starting spread over one round so that arrivals are staggered, so about N streams are open at once. The double sends the first piece at once,',
    'then the rest of the reply (pieces × gap shown per level). Before measuring, at least 300 warm-up rounds (one request of each kind each) let the JIT compile the hot paths.',
    '"Paired" is the per-round difference to direct, "gap" the difference of the percentiles. Times in ms, client-side, to the first content delta.',
    `Target: p50 ≤ ${TARGET_P50_MS} ms and p99 ≤ ${TARGET_P99_MS} ms added (judged on the paired differences; Helicone documents ~10 ms, +20 ms at p90).`,
    '',
    table,
    '',
    storeLine,
  ].join('\n');
}

const entryPath = process.argv[1];
if (entryPath !== undefined && pathToFileURL(path.resolve(entryPath)).href === import.meta.url) {
  const result = await runCollectorOverheadBench({
    ...(process.env.BENCH_CPU_PROF_DIR === undefined ? {} : { cpuProfileDirectory: process.env.BENCH_CPU_PROF_DIR }),
  });
  process.stdout.write(`${result.markdown}\n`);
}
