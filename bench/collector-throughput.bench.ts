/**
 * Completed short turns persisted per second.
 *
 * `concurrency` workers send short turns back to back for `durationMs`, then finish the turn they
 * are on. Two modes are measured in turn, each against a fresh collector and store:
 *
 *   openai   non-streamed POST /v1/chat/completions, a new one-message conversation each time
 *            (what a script calling the API does)
 *   native   streamed POST /api/conversations/:id/messages, continuing the conversation for
 *            `turnsPerConversation` turns (the web app), then a new conversation
 *
 * The rate is counted from the store after a graceful shutdown: turns with status complete and the
 * full reply, divided by the wall time from the first request to the last answer.
 *
 *   node --import tsx bench/collector-throughput.bench.ts      (BENCH_SCALE=small|full)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchHttpClient } from './collector-http-client.ts';
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
  type Summary,
} from './collector-report.ts';
import {
  BenchConsents,
  checkStoredRun,
  directRequest,
  expectedReply,
  nativeRequest,
  openAiRequest,
  parseCompletion,
  userMessage,
} from './collector-session.ts';

/** Issue 16: completed short turns per second on one process. */
const TARGET_TURNS_PER_SECOND: Record<Mode, number> = { openai: 3000, native: 2500 };
const WARM_UP_MS = 1500;
type Mode = 'openai' | 'native';

export interface ThroughputOptions {
  scale?: BenchScale;
  modes?: Mode[];
  concurrency?: number;
  durationMs?: number;
  turnsPerConversation?: number;
  /** Pieces the double splits each short reply into (sent without delay). */
  chunks?: number;
  cpuProfileDirectory?: string;
  appendToResults?: boolean;
}

export interface ModeResult {
  mode: Mode;
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  storedComplete: number;
  storeProblems: string[];
  wallSeconds: number;
  turnsPerSecond: number;
  latency: Summary;
  collectorCpuSeconds: number;
  loopDelayP99Ms: number;
  peakRssBytes: number;
  pass: boolean;
}

export interface ThroughputResult {
  modes: ModeResult[];
  pass: boolean;
  markdown: string;
}

const SIZES: Record<BenchScale, { durationMs: number }> = {
  small: { durationMs: 10_000 },
  full: { durationMs: 30_000 },
};

export async function runCollectorThroughputBench(options: ThroughputOptions = {}): Promise<ThroughputResult> {
  const scale = options.scale ?? benchScale();
  const modes = options.modes ?? ['openai', 'native'];
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? SIZES[scale].durationMs;
  const turnsPerConversation = options.turnsPerConversation ?? 5;
  const chunks = options.chunks ?? 2;
  const machine = machineInfo();
  const results: ModeResult[] = [];
  for (const mode of modes) {
    results.push(await measureMode({ mode, concurrency, durationMs, turnsPerConversation, chunks, cpuProfileDirectory: options.cpuProfileDirectory }));
    process.stderr.write(`collector-throughput: ${mode} done\n`);
  }
  const doubleAlone = await measureDoubleAlone({ concurrency, durationMs, chunks });
  process.stderr.write('collector-throughput: double alone done\n');
  const pass = results.every((result) => result.pass);
  const table = markdownTable(
    [
      'mode',
      'requests',
      'errors',
      'stored complete',
      'wall time',
      'turns/s',
      'latency p50 / p99',
      'collector CPU',
      'CPU ms/turn',
      'loop delay p99',
      'collector peak RSS',
      'target (/v1 ≥3000/s, native ≥2500/s)',
    ],
    results.map((result) => [
      result.mode === 'openai' ? 'openai (non-streamed)' : `native (streamed, ${turnsPerConversation} turns/conversation)`,
      String(result.requests),
      String(result.errors),
      String(result.storedComplete),
      `${result.wallSeconds.toFixed(2)} s`,
      result.turnsPerSecond.toFixed(0),
      `${formatMs(result.latency.p50)} / ${formatMs(result.latency.p99)} ms`,
      `${result.collectorCpuSeconds.toFixed(1)} s (${((result.collectorCpuSeconds / result.wallSeconds) * 100).toFixed(0)}% of a core)`,
      formatMs((result.collectorCpuSeconds * 1000) / Math.max(1, result.requests)),
      `${formatMs(result.loopDelayP99Ms)} ms`,
      formatMiB(result.peakRssBytes),
      verdict(result.pass),
    ]),
  );
  const problems = results.flatMap((result) => [
    ...Object.entries(result.errorKinds).map(([kind, count]) => `${result.mode}: ${kind} ×${count}`),
    ...result.storeProblems.slice(0, 3).map((problem) => `${result.mode}: ${problem}`),
  ]);
  const markdown = [
    `## Collector: completed short turns persisted per second (${scale}) — ${verdict(pass)}`,
    '',
    `Machine: ${describeMachine(machine)}.`,
    '',
    `Setup: ${concurrency} client workers sending back to back for ${(durationMs / 1000).toFixed(0)} s after a ${(WARM_UP_MS / 1000).toFixed(1)} s warm-up; one collector process (\`startServer\`, default settings except raised`,
    `per-IP limits, info log to a file); upstream double in a third process answering "Echo: …" in ${chunks} pieces without delay.`,
    'Turns/s = turns in the store with status complete and the full reply ÷ wall time from the first request to the last answer (counted after a graceful shutdown).',
    '',
    table,
    '',
    `Same-run ceiling: the upstream double alone (the same ${concurrency} workers sending the collector's upstream request, streamed, straight to the double): ` +
      `${doubleAlone.requestsPerSecond.toFixed(0)} requests/s, latency p50 / p99 ${formatMs(doubleAlone.latency.p50)} / ${formatMs(doubleAlone.latency.p99)} ms, ` +
      `${doubleAlone.errors} errors; collector turns/s ÷ this: ` +
      results.map((result) => `${result.mode} ${(result.turnsPerSecond / Math.max(1, doubleAlone.requestsPerSecond)).toFixed(2)}×`).join(', ') +
      '.',
    ...(problems.length === 0 ? [] : ['', `Problems: ${problems.join('; ')}.`]),
  ].join('\n');
  if (options.appendToResults ?? appendByDefault()) appendResults(markdown);
  return { modes: results, pass, markdown };
}

async function measureMode(input: {
  mode: Mode;
  concurrency: number;
  durationMs: number;
  turnsPerConversation: number;
  chunks: number;
  cpuProfileDirectory: string | undefined;
}): Promise<ModeResult> {
  const double = await startDoubleProcess({ chunks: input.chunks, delayMs: 0 });
  const collector = await startCollectorProcess({
    upstreamUrl: double.baseUrl,
    ...(input.cpuProfileDirectory === undefined ? {} : { cpuProfileDirectory: input.cpuProfileDirectory }),
  });
  const client = new BenchHttpClient();
  const expected: { turnIdentifier: number; userContent: string }[] = [];
  const warmUpTurns: { turnIdentifier: number; userContent: string }[] = [];
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let requests = 0;
  let wallMs = 0;
  let cpuMs = 0;
  let loopDelayP99Ms = 0;
  let peakRssBytes = 0;
  const fail = (kind: string): void => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  try {
    const consents = new BenchConsents(client, collector.port);
    let counter = 0;
    const work = async (until: number, measured: boolean): Promise<void> => {
      const record = (latencyMs: number, error: string | null, turn: { turnIdentifier: number; userContent: string } | null): void => {
        if (turn !== null) (measured ? expected : warmUpTurns).push(turn);
        if (!measured) return;
        requests++;
        latencies.push(latencyMs);
        if (error !== null) fail(error);
      };
      let conversationId: string | null = null;
      let token = '';
      let parentTurnId: number | null = null;
      let turnsInConversation = 0;
      while (performance.now() < until) {
        const content = userMessage('throughput', counter++);
        if (input.mode === 'openai') {
          const answer = await client.json('POST', openAiRequest(collector.port, await consents.forNewConversation(), content, false));
          const completion = answer.error === null ? parseCompletion(answer.body) : answer.error;
          if (typeof completion === 'string') record(answer.totalMs, completion, null);
          else if (completion.content !== expectedReply(content)) record(answer.totalMs, 'client saw another reply', null);
          else record(answer.totalMs, null, { turnIdentifier: completion.turnIdentifier, userContent: content });
          continue;
        }
        if (conversationId === null || turnsInConversation >= input.turnsPerConversation) {
          ({ conversationId, token } = await consents.createConversation());
          parentTurnId = null;
          turnsInConversation = 0;
        }
        const result = await client.stream(nativeRequest(collector.port, token, conversationId, content, parentTurnId), 'native');
        if (!result.ok) record(result.totalMs, result.error ?? 'failed', null);
        else if (result.content !== expectedReply(content) || result.turnStatus !== 'complete' || result.turnIdentifier === null) {
          record(result.totalMs, 'client saw another reply or status', null);
        } else {
          record(result.totalMs, null, { turnIdentifier: result.turnIdentifier, userContent: content });
          parentTurnId = result.turnIdentifier;
          turnsInConversation++;
        }
      }
    };
    // Warm-up (JIT, connection pools on both hops): its turns are checked in the store but not counted.
    const warmUpUntil = performance.now() + WARM_UP_MS;
    await Promise.all(Array.from({ length: input.concurrency }, () => work(warmUpUntil, false)));
    const cpuAtStart = (await collector.stats()).cpuMilliseconds;
    const startedAt = performance.now();
    const deadline = startedAt + input.durationMs;
    await Promise.all(Array.from({ length: input.concurrency }, () => work(deadline, true)));
    wallMs = performance.now() - startedAt;
    const after = await collector.stats();
    cpuMs = after.cpuMilliseconds - cpuAtStart;
    loopDelayP99Ms = after.eventLoopDelayP99Ms;
  } finally {
    client.close();
    peakRssBytes = (await collector.close().catch(() => null))?.maxRssBytes ?? 0;
    await double.stop();
  }
  const [check, warmUpCheck] = await checkStoredRun(collector, expected, warmUpTurns);
  if (check === undefined || warmUpCheck === undefined) throw new Error('no store check');
  const warmUpProblems = warmUpCheck.problems;
  const verifiedComplete = expected.length - check.problems.length;
  const turnsPerSecond = verifiedComplete / (wallMs / 1000);
  return {
    mode: input.mode,
    requests,
    errors,
    errorKinds,
    storedComplete: verifiedComplete,
    storeProblems: [...check.problems, ...warmUpProblems.map((problem) => `warm-up ${problem}`)],
    wallSeconds: wallMs / 1000,
    turnsPerSecond,
    latency: summarize(latencies),
    collectorCpuSeconds: cpuMs / 1000,
    loopDelayP99Ms,
    peakRssBytes,
    pass: errors === 0 && check.problems.length === 0 && warmUpProblems.length === 0 && turnsPerSecond >= TARGET_TURNS_PER_SECOND[input.mode],
  };
}

/** The ceiling the double and the client set on their own: what a collector of zero cost would reach. */
async function measureDoubleAlone(input: {
  concurrency: number;
  durationMs: number;
  chunks: number;
}): Promise<{ requestsPerSecond: number; latency: Summary; errors: number }> {
  const double = await startDoubleProcess({ chunks: input.chunks, delayMs: 0 });
  const client = new BenchHttpClient();
  const latencies: number[] = [];
  let errors = 0;
  let completed = 0;
  let counter = 0;
  let wallMs = 0;
  try {
    const work = async (until: number, measured: boolean): Promise<void> => {
      while (performance.now() < until) {
        const content = userMessage('direct', counter++);
        const result = await client.stream(directRequest(double.port, content), 'openai');
        if (!measured) continue;
        latencies.push(result.totalMs);
        if (result.ok && result.content === expectedReply(content)) completed++;
        else errors++;
      }
    };
    const warmUpUntil = performance.now() + WARM_UP_MS;
    await Promise.all(Array.from({ length: input.concurrency }, () => work(warmUpUntil, false)));
    const startedAt = performance.now();
    await Promise.all(Array.from({ length: input.concurrency }, () => work(startedAt + input.durationMs, true)));
    wallMs = performance.now() - startedAt;
  } finally {
    client.close();
    await double.stop();
  }
  return { requestsPerSecond: completed / (wallMs / 1000), latency: summarize(latencies), errors };
}

const entryPath = process.argv[1];
if (entryPath !== undefined && pathToFileURL(path.resolve(entryPath)).href === import.meta.url) {
  const result = await runCollectorThroughputBench({
    ...(process.env.BENCH_CPU_PROF_DIR === undefined ? {} : { cpuProfileDirectory: process.env.BENCH_CPU_PROF_DIR }),
  });
  process.stdout.write(`${result.markdown}\n`);
}
