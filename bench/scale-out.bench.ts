/**
 * Two `wildchat serve` instances on one PostgreSQL vs one instance on SQLite, same run, same
 * machine: completed streamed `/v1` turns per second and the time to first token the collector
 * adds (collector TTFT minus the upstream double's own TTFT measured directly, same concurrency).
 * Every process is real: the upstream double, the collectors (forked, as `wildchat serve` wires
 * them) and a PostgreSQL started by the bench with fsync on. Stored turns are counted afterwards.
 * CPU per turn (collectors from their own resource usage, PostgreSQL from /proc) does not depend on
 * what else the shared machine runs, unlike turns per second; it is counted from the end of the
 * warm-up, so one-time start-up work is not charged to the turns. So do the statements and commits
 * per turn the instances send to PostgreSQL (pg_stat_statements / pg_stat_database), printed with
 * the most frequent statements.
 *
 *   node --import tsx bench/scale-out.bench.ts          (WILDCHAT_SCALE_OUT_SECONDS=10, WILDCHAT_SCALE_OUT_CONCURRENCY=32,
 *                                                        WILDCHAT_SCALE_OUT_CPU_PROFILE_DIR=<folder> for --cpu-prof)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.ts';
import { openStore } from '../src/store/open-store.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer } from '../test/support/postgres-server.ts';
import { BenchHttpClient, type StreamResult } from './collector-http-client.ts';
import { startCollectorProcess, startDoubleProcess, type CollectorProcess } from './collector-processes.ts';
import { describeMachine, formatMs, machineInfo, markdownTable, summarize } from './collector-report.ts';
import { consent, directRequest, openAiRequest } from './collector-session.ts';
import { POSTGRES_STATEMENT_SETTINGS, PostgresStatementCounter, type StatementCounts } from './postgres-statement-counter.ts';

const SECONDS = Number(process.env['WILDCHAT_SCALE_OUT_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['WILDCHAT_SCALE_OUT_CONCURRENCY'] ?? 32);
const WARM_UP_MS = 1_500;
/** When set, each collector writes a V8 CPU profile into this folder (summarise with collector-profile-summary.ts). */
const PROFILE_DIRECTORY = process.env['WILDCHAT_SCALE_OUT_CPU_PROFILE_DIR'];
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime (+ reaped children's, with `reaped`) of one process, in seconds. */
function processCpuSeconds(pid: number, reaped: boolean): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the command name.
  return (reaped ? [11, 12, 13, 14] : [11, 12]).reduce((sum, index) => sum + Number(fields[index]), 0) / CLOCK_TICKS;
}

/** CPU seconds of the PostgreSQL server so far: the postmaster, the backends it reaped and the live ones. */
function postgresCpuSeconds(postmasterPid: number): number {
  let total = processCpuSeconds(postmasterPid, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmasterPid) total += processCpuSeconds(Number(entry), false);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

interface Run {
  /** Every request answered, warm-up included. */
  answered: number;
  ok: number;
  errors: number;
  /** How the measured failures failed (HTTP status or client error), with their counts. */
  errorKinds: Map<string, number>;
  wallSeconds: number;
  ttft: number[];
}

/**
 * `onWarm` is called once when the warm-up ends, with the requests answered so far: the CPU and
 * statement figures are taken from there, so the collectors' first-use costs (the lazily loaded
 * token tables, modules compiled on first import) do not land on the turns measured.
 */
async function drive(
  client: BenchHttpClient,
  ports: number[],
  tokens: string[] | null,
  label: string,
  onWarm: (answered: number) => void = () => undefined,
): Promise<Run> {
  const ttft: number[] = [];
  let ok = 0;
  let errors = 0;
  const errorKinds = new Map<string, number>();
  let sent = 0;
  let answered = 0;
  const warmUntil = performance.now() + WARM_UP_MS;
  const stopAt = warmUntil + SECONDS * 1000;
  const warmTimer = setTimeout(() => onWarm(answered), WARM_UP_MS);
  let firstMeasured = Number.POSITIVE_INFINITY;
  let lastAnswer = 0;
  const worker = async (lane: number): Promise<void> => {
    while (performance.now() < stopAt) {
      sent += 1;
      const port = ports[(lane + sent) % ports.length]!;
      const content = `${label} question ${lane}-${sent}`;
      const started = performance.now();
      // Each worker is its own user (own client IP through the trusted proxy header), as real traffic is:
      // the per-IP rate limit then works per user instead of serialising every request on one IP.
      const token = tokens?.[lane % tokens.length];
      const spec = token === undefined ? directRequest(port, content) : openAiRequest(port, token, content);
      spec.headers = { ...spec.headers, 'x-forwarded-for': `10.0.${lane >> 8}.${lane & 255}` };
      const result: StreamResult = await client.stream(spec, 'openai');
      answered += 1;
      if (started < warmUntil) continue;
      firstMeasured = Math.min(firstMeasured, started);
      lastAnswer = Math.max(lastAnswer, performance.now());
      if (result.ok) {
        ok += 1;
        if (result.firstContentMs !== null) ttft.push(result.firstContentMs);
      } else {
        errors += 1;
        const kind = result.error ?? `HTTP ${result.status}`;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, lane) => worker(lane)));
  clearTimeout(warmTimer);
  return { answered, ok, errors, errorKinds, wallSeconds: (lastAnswer - firstMeasured) / 1000, ttft };
}

async function main(): Promise<void> {
  if (findPostgresBinaries() === null) {
    process.stdout.write(`skipped: ${POSTGRES_MISSING_MESSAGE}\n`);
    return;
  }
  const client = new BenchHttpClient();
  const double = await startDoubleProcess({ chunks: 2, delayMs: 0 });
  const postgres = await startPostgresServer({ durable: true, settings: { shared_buffers: "'256MB'", ...POSTGRES_STATEMENT_SETTINGS } });
  const rows: string[][] = [];
  const failures: string[] = [];
  let statementCounts: { answered: number; counts: StatementCounts } | null = null;
  try {
    const direct = await drive(client, [double.port], null, 'direct');
    const directP50 = summarize(direct.ttft).p50;
    const directP99 = summarize(direct.ttft).p99;
    rows.push([
      'upstream double, direct',
      '—',
      (direct.ok / direct.wallSeconds).toFixed(0),
      String(direct.errors),
      `${formatMs(directP50)} / ${formatMs(directP99)}`,
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);

    const collectorCpuMilliseconds = async (collectors: CollectorProcess[]): Promise<number> =>
      (await Promise.all(collectors.map((collector) => collector.stats()))).reduce((sum, stats) => sum + stats.cpuMilliseconds, 0);
    const measure = async (
      name: string,
      collectors: CollectorProcess[],
      countStored: () => Promise<number>,
      counter: PostgresStatementCounter | null,
    ): Promise<void> => {
      const database = counter !== null;
      const tokens = await Promise.all(Array.from({ length: CONCURRENCY }, () => consent(client, collectors[0]!.port)));
      let warm: Promise<{ answered: number; collectorCpu: number; postgresCpu: number }> | null = null;
      const run = await drive(
        client,
        collectors.map((collector) => collector.port),
        tokens,
        name,
        (answeredSoFar) => {
          const postgresCpuAtWarm = database ? postgresCpuSeconds(postgres.pid()) : 0;
          warm = Promise.all([collectorCpuMilliseconds(collectors), counter?.reset()]).then(([collectorCpu]) => ({
            answered: answeredSoFar,
            collectorCpu,
            postgresCpu: postgresCpuAtWarm,
          }));
        },
      );
      const atWarm = await (warm as Promise<{ answered: number; collectorCpu: number; postgresCpu: number }> | null);
      if (atWarm === null) throw new Error('the drive ended before its warm-up did');
      // After the warm-up only: CPU and statements per request answered since (those in flight at the end included).
      const answered = run.answered - atWarm.answered;
      const collectorCpu = (await collectorCpuMilliseconds(collectors)) - atWarm.collectorCpu;
      const postgresCpu = database ? (postgresCpuSeconds(postgres.pid()) - atWarm.postgresCpu) * 1000 : null;
      // Read before the collectors close: their shutdown statements are not part of the turns.
      const counts = (await counter?.read()) ?? null;
      if (counts !== null) statementCounts = { answered, counts };
      for (const collector of collectors) await collector.close();
      const stored = await countStored();
      for (const [kind, count] of run.errorKinds) failures.push(`${name}: ${count} × ${kind}`);
      const ttft = summarize(run.ttft);
      rows.push([
        name,
        String(collectors.length),
        (run.ok / run.wallSeconds).toFixed(0),
        String(run.errors),
        `${formatMs(ttft.p50)} / ${formatMs(ttft.p99)}`,
        `${formatMs(ttft.p50 - directP50)} / ${formatMs(ttft.p99 - directP99)}`,
        String(stored),
        (collectorCpu / answered).toFixed(2),
        postgresCpu === null ? '—' : (postgresCpu / answered).toFixed(2),
        counts === null ? '—' : (counts.statements / answered).toFixed(2),
        counts === null ? '—' : (counts.commits / answered).toFixed(2),
      ]);
      for (const collector of collectors) collector.removeData();
    };

    // Every worker is one user behind the trusted proxy; the per-network and per-consent caps would otherwise
    // count the whole benchmark as one abusive /24 with one very busy consent.
    const serveSettings = { logLevel: 'warn', trustProxy: 'true', networkRateLimitPerMinute: '100000000', maxConversationsPerConsent: '1000' };
    const profile = PROFILE_DIRECTORY === undefined ? {} : { cpuProfileDirectory: PROFILE_DIRECTORY };
    const sqlite = await startCollectorProcess({ upstreamUrl: double.baseUrl, settings: serveSettings, ...profile });
    await measure(
      'SQLite, one instance',
      [sqlite],
      async () => {
        const store = openStore(sqlite.dataDir);
        try {
          return await store.countConversations();
        } finally {
          await store.close();
        }
      },
      null,
    );

    const databaseUrl = await postgres.createDatabase('scale_out');
    const first = await startCollectorProcess({ upstreamUrl: double.baseUrl, settings: { ...serveSettings, databaseUrl }, ...profile });
    const second = await startCollectorProcess({ upstreamUrl: double.baseUrl, settings: { ...serveSettings, databaseUrl }, ...profile });
    await measure(
      'PostgreSQL, two instances',
      [first, second],
      async () => {
        const store = await openPostgresStore({ url: databaseUrl, maxConnections: 1 });
        try {
          return await store.countConversations();
        } finally {
          await store.close();
        }
      },
      new PostgresStatementCounter(postgres.adminUrl, 'scale_out'),
    );
  } finally {
    await double.stop();
    await postgres.stop();
  }
  process.stdout.write(
    `\nScale-out: ${CONCURRENCY} client workers, ${SECONDS} s after a ${WARM_UP_MS / 1000} s warm-up, streamed /v1 one-message turns, reply in 2 pieces\n`,
  );
  process.stdout.write(`Machine: ${describeMachine(machineInfo())}\n\n`);
  process.stdout.write(
    markdownTable(
      [
        'setup',
        'instances',
        'completed turns/s',
        'errors',
        'TTFT p50 / p99 ms',
        'added TTFT p50 / p99 ms',
        'turns stored (incl. warm-up)',
        'collector CPU ms / turn',
        'PostgreSQL CPU ms / turn',
        'statements / turn',
        'commits / turn',
      ],
      rows,
    ) + '\n',
  );
  if (failures.length > 0) process.stdout.write(`\nFailed requests: ${failures.join('; ')}\n`);
  const measured = statementCounts as { answered: number; counts: StatementCounts } | null;
  if (measured !== null) {
    process.stdout.write('\nMost frequent PostgreSQL statements, per answered turn:\n\n');
    process.stdout.write(
      markdownTable(
        ['calls / turn', 'rows / call', 'execution ms / turn', 'statement'],
        measured.counts.top.map((share) => [
          (share.calls / measured.answered).toFixed(3),
          (share.rows / Math.max(1, share.calls)).toFixed(1),
          (share.executionMilliseconds / measured.answered).toFixed(3),
          `\`${share.text.replaceAll('|', '\\|')}\``,
        ]),
      ) + '\n',
    );
  }
}

await main();
