/**
 * Concurrent streams on one collector process, every turn persisted.
 *
 * Opens `streams` requests at once (half OpenAI-compatible /v1 streams, half native SSE sends), each
 * answered by a slow upstream (the double sends up to `chunks` pieces `chunkDelayMs` apart), so all of
 * them are open together. Afterwards the collector shuts down gracefully and the store is read back
 * through the Store contract: every turn must be there, complete, with exactly the reply the client
 * saw. Reports client errors, wall time, how many streams were open at the peak and the collector's
 * peak RSS.
 *
 *   node --import tsx bench/collector-streams.bench.ts      (BENCH_SCALE=small|full)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchHttpClient, type StreamResult } from './collector-http-client.ts';
import { startCollectorProcess, startDoubleProcess } from './collector-processes.ts';
import {
  appendByDefault,
  appendResults,
  benchScale,
  describeMachine,
  formatMiB,
  formatMs,
  machineInfo,
  markdownTable,
  summarize,
  verdict,
  type BenchScale,
} from './collector-report.ts';
import { splitText } from '../test/doubles/upstream-double.ts';
import { BenchConsents, checkStoredRun, expectedReply, nativeRequest, openAiRequest, userMessage } from './collector-session.ts';

const TARGET_STREAMS = 1000;

export interface StreamsOptions {
  scale?: BenchScale;
  streams?: number;
  chunks?: number;
  chunkDelayMs?: number;
  /** The streams are started evenly over this window (users do not all press send in the same millisecond). */
  rampMs?: number;
  cpuProfileDirectory?: string;
  appendToResults?: boolean;
}

export interface StreamsResult {
  streams: number;
  errors: number;
  errorKinds: Record<string, number>;
  /** Streams that had received their first token and not yet ended, at the highest point. */
  peakOpenStreams: number;
  durationMs: number;
  storedComplete: number;
  storeProblems: string[];
  baselineRssBytes: number;
  peakRssBytes: number;
  eventLoopDelayMaxMs: number;
  pass: boolean;
  markdown: string;
}

// A reply (chunks × delay) lasts twice the ramp, so every stream is open at the same time.
const SIZES: Record<BenchScale, { streams: number; chunks: number; chunkDelayMs: number; rampMs: number }> = {
  small: { streams: 1000, chunks: 64, chunkDelayMs: 300, rampMs: 10_000 },
  full: { streams: 2000, chunks: 64, chunkDelayMs: 500, rampMs: 15_000 },
};

export async function runCollectorStreamsBench(options: StreamsOptions = {}): Promise<StreamsResult> {
  const scale = options.scale ?? benchScale();
  const size = SIZES[scale];
  const streams = options.streams ?? size.streams;
  const chunks = options.chunks ?? size.chunks;
  const chunkDelayMs = options.chunkDelayMs ?? size.chunkDelayMs;
  const rampMs = options.rampMs ?? size.rampMs;
  const machine = machineInfo();
  const double = await startDoubleProcess({ chunks, delayMs: chunkDelayMs });
  const collector = await startCollectorProcess({
    upstreamUrl: double.baseUrl,
    ...(options.cpuProfileDirectory === undefined ? {} : { cpuProfileDirectory: options.cpuProfileDirectory }),
  });
  const client = new BenchHttpClient();
  const expected: { turnIdentifier: number; userContent: string }[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let open = 0;
  let peakOpenStreams = 0;
  let durationMs = 0;
  let baselineRssBytes = 0;
  let peakRssBytes = 0;
  let eventLoopDelayMaxMs = 0;
  let results: StreamResult[] = [];
  try {
    const consents = new BenchConsents(client, collector.port);
    const nativeCount = Math.floor(streams / 2);
    const conversations: { conversationId: string; token: string }[] = [];
    // Created beforehand and a few at a time: only the streams themselves should be concurrent.
    for (let index = 0; index < nativeCount; index += 50) {
      const batch = Math.min(50, nativeCount - index);
      conversations.push(...(await Promise.all(Array.from({ length: batch }, () => consents.createConversation()))));
    }
    baselineRssBytes = (await collector.stats()).rssBytes;

    const startedAt = performance.now();
    results = await Promise.all(
      Array.from({ length: streams }, async (_, index) => {
        const startAt = startedAt + (index * rampMs) / streams;
        const wait = startAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const content = userMessage('streams', index, chunks);
        const native = index % 2 === 0 && index / 2 < nativeCount;
        const conversation = native ? conversations[index / 2] : undefined;
        const spec =
          conversation !== undefined
            ? nativeRequest(collector.port, conversation.token, conversation.conversationId, content)
            : openAiRequest(collector.port, await consents.forNewConversation(), content);
        let counted = false;
        const result = await client.stream(spec, native ? 'native' : 'openai', () => {
          counted = true;
          open++;
          peakOpenStreams = Math.max(peakOpenStreams, open);
        });
        if (counted) open--;
        const problem = !result.ok
          ? (result.error ?? 'failed')
          : result.content !== expectedReply(content)
            ? 'client saw another reply'
            : native && result.turnStatus !== 'complete'
              ? `done with status ${result.turnStatus}`
              : result.turnIdentifier === null
                ? 'no turn id'
                : null;
        if (problem !== null) {
          errors++;
          errorKinds[problem] = (errorKinds[problem] ?? 0) + 1;
        }
        if (result.turnIdentifier !== null) expected.push({ turnIdentifier: result.turnIdentifier, userContent: content });
        return result;
      }),
    );
    durationMs = performance.now() - startedAt;
    eventLoopDelayMaxMs = (await collector.stats()).eventLoopDelayMaxMs;
  } finally {
    client.close();
    peakRssBytes = (await collector.close().catch(() => null))?.maxRssBytes ?? 0;
    await double.stop();
  }

  const [check] = await checkStoredRun(collector, expected);
  if (check === undefined) throw new Error('no store check');
  const missingIds = streams - expected.length;
  const storeProblems = missingIds > 0 ? [`${missingIds} streams gave no turn id to check`, ...check.problems] : check.problems;
  const pass = streams >= TARGET_STREAMS && errors === 0 && storeProblems.length === 0 && check.storedTurns === streams && peakOpenStreams >= TARGET_STREAMS;
  // The double sends at most one piece per character, and equal-sized pieces: count what it really sent.
  const pieces = splitText(expectedReply(userMessage('streams', 0, chunks)), chunks).length;
  const firstToken = summarize(results.flatMap((result) => (result.firstContentMs === null ? [] : [result.firstContentMs])));
  const total = summarize(results.map((result) => result.totalMs));
  const table = markdownTable(
    [
      'streams',
      'open at peak',
      'errors',
      'stored complete',
      'wall time',
      'TTFT p50 / p99',
      'stream time p50 / p99',
      'collector RSS before → peak',
      'loop delay max',
      `target ≥${TARGET_STREAMS}, 0 errors`,
    ],
    [
      [
        String(streams),
        String(peakOpenStreams),
        String(errors),
        `${check.complete} / ${check.storedTurns}`,
        `${(durationMs / 1000).toFixed(2)} s`,
        `${formatMs(firstToken.p50)} / ${formatMs(firstToken.p99)} ms`,
        `${formatMs(total.p50)} / ${formatMs(total.p99)} ms`,
        `${formatMiB(baselineRssBytes)} → ${formatMiB(peakRssBytes)}`,
        `${formatMs(eventLoopDelayMaxMs)} ms`,
        verdict(pass),
      ],
    ],
  );
  const errorLine =
    errors === 0
      ? ''
      : `\nErrors: ${Object.entries(errorKinds)
          .map(([kind, count]) => `${kind} ×${count}`)
          .join(', ')}.`;
  const storeLine =
    storeProblems.length === 0
      ? `Every turn is in the store with status complete and the full reply (checked one by one after a graceful shutdown).`
      : `Store check FAILED (${storeProblems.length}): ${storeProblems.slice(0, 3).join('; ')}.`;
  const markdown = [
    `## Collector: concurrent streams on one process (${scale}) — ${verdict(pass)}`,
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    `Setup: ${streams} streams started evenly over ${(rampMs / 1000).toFixed(1)} s from one client process (alternately /v1/chat/completions streams and native SSE sends),`,
    `one collector process (\`startServer\`, default settings except raised per-IP limits, info log to a file), upstream double in a third process sending ${pieces} pieces`,
    `${chunkDelayMs} ms apart (${(((pieces - 1) * chunkDelayMs) / 1000).toFixed(1)} s per reply), so all streams overlap. "Open at peak" counts streams that had their first token and had not ended,`,
    'at the same moment; "loop delay max" is the collector\'s longest event-loop stall during the run.',
    '',
    table,
    errorLine,
    storeLine,
  ]
    .filter((line, index, lines) => !(line === '' && lines[index - 1] === ''))
    .join('\n');
  if (options.appendToResults ?? appendByDefault()) appendResults(markdown);
  return {
    streams,
    errors,
    errorKinds,
    peakOpenStreams,
    durationMs,
    storedComplete: check.complete,
    storeProblems,
    baselineRssBytes,
    peakRssBytes,
    eventLoopDelayMaxMs,
    pass,
    markdown,
  };
}

const entryPath = process.argv[1];
if (entryPath !== undefined && pathToFileURL(path.resolve(entryPath)).href === import.meta.url) {
  const result = await runCollectorStreamsBench({
    ...positiveIntegerFromEnvironment('BENCH_STREAMS', 'streams'),
    ...positiveIntegerFromEnvironment('BENCH_STREAMS_RAMP_MS', 'rampMs'),
    ...positiveIntegerFromEnvironment('BENCH_STREAMS_CHUNK_DELAY_MS', 'chunkDelayMs'),
    ...(process.env.BENCH_CPU_PROF_DIR === undefined ? {} : { cpuProfileDirectory: process.env.BENCH_CPU_PROF_DIR }),
  });
  process.stdout.write(`${result.markdown}\n`);
}

/** BENCH_STREAMS=10000 BENCH_STREAMS_RAMP_MS=40000 BENCH_STREAMS_CHUNK_DELAY_MS=1000 runs the 10,000-stream case of issue 16. */
function positiveIntegerFromEnvironment<Key extends 'streams' | 'rampMs' | 'chunkDelayMs'>(name: string, key: Key): Partial<Record<Key, number>> {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return {};
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return { [key]: value } as Partial<Record<Key, number>>;
}
