/**
 * `wildchat release` of generated conversations (bench/generate-conversations.ts): the one-process
 * release on SQLite vs `--sharded` on PostgreSQL with 1 and with 2 local worker processes, same
 * input (the SQLite store copied into PostgreSQL with `wildchat migrate --from/--to`'s copier),
 * each run from a cold annotation cache in a fresh CLI process. Every run is a child process
 * under /usr/bin/time -v, so its CPU includes the worker processes it starts (reaped children);
 * PostgreSQL's own CPU is read from the postmaster's /proc counters (its backends exit when the
 * run's pools close). Peak RSS is the largest single process of the run (coordinator or worker).
 * The outputs are compared byte for byte with the SQLite release.
 *
 *   WILDCHAT_BENCH_SIZE=10000 node --import tsx bench/sharded-release.bench.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copySqliteToPostgres } from '../src/store/copy/copy-sqlite-to-postgres.ts';
import { SILENT_PROGRESS } from '../src/core/progress-sink.ts';
import { SQLITE_FILE_NAME } from '../src/store/open-store.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer } from '../test/support/postgres-server.ts';
import { benchSize, scratchDirectory } from './bench-support.ts';
import { fillStore } from './release-pipeline.bench.ts';

const NOW = '2030-01-01T00:00:00Z';
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds of a process and its reaped children, from /proc/<pid>/stat. */
function processTreeCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the command name.
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) / CLOCK_TICKS;
}

interface RunFigures {
  name: string;
  wallSeconds: number;
  cpuSeconds: number;
  postgresCpuSeconds: number | null;
  peakRssMegabytes: number;
}

function timedRelease(name: string, args: string[], env: NodeJS.ProcessEnv, postmasterPid: number | null): RunFigures {
  const postgresBefore = postmasterPid === null ? 0 : processTreeCpuSeconds(postmasterPid);
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'release', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${name} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const field = (label: string) => Number(new RegExp(`${label}: ([0-9.]+)`).exec(result.stderr)?.[1] ?? Number.NaN);
  return {
    name,
    wallSeconds,
    cpuSeconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
    postgresCpuSeconds: postmasterPid === null ? null : processTreeCpuSeconds(postmasterPid) - postgresBefore,
    peakRssMegabytes: field('Maximum resident set size \\(kbytes\\)') / 1024,
  };
}

function filesOf(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(folder, full), fs.readFileSync(full));
    }
  };
  walk(folder);
  return files;
}

function sameBytes(first: string, second: string): boolean {
  const a = filesOf(first);
  const b = filesOf(second);
  return a.size === b.size && [...a].every(([file, bytes]) => b.get(file)?.equals(bytes) === true);
}

async function main(): Promise<void> {
  if (findPostgresBinaries() === null) throw new Error(POSTGRES_MISSING_MESSAGE);
  const size = benchSize(10_000);
  const directory = scratchDirectory('sharded-release');
  const server = await startPostgresServer({ durable: true });
  try {
    const sqliteDir = path.join(directory, 'sqlite');
    const filled = await fillStore(sqliteDir, size);
    const url = await server.createDatabase();
    const copy = await copySqliteToPostgres({ sqlitePath: path.join(sqliteDir, SQLITE_FILE_NAME), postgresUrl: url, progress: SILENT_PROGRESS });
    if (!copy.ok) throw new Error('the copy into PostgreSQL does not match');
    process.stderr.write(`filled ${size} conversations (${filled.messages} messages) in ${filled.seconds.toFixed(1)} s; copied to PostgreSQL\n`);
    const common = ['--profile', 'wildchat-compatible', '--moderation', 'local', '--now', NOW, '--format', 'parquet', '--workers', '1'];
    const runs: RunFigures[] = [];
    const out = (name: string) => path.join(directory, `out-${name}`);
    runs.push(timedRelease('SQLite, one process', ['--data-dir', sqliteDir, '--out', out('sqlite'), ...common], {}, null));
    const shardSize = String(Math.max(500, Math.ceil(size / 20)));
    for (const workers of [1, 2]) {
      // A fresh data folder has no annotation-cache key: the release clears the (shared) cache, so every run starts cold.
      const dataDir = path.join(directory, `pg-${workers}`);
      runs.push(
        timedRelease(
          `PostgreSQL --sharded, ${workers} worker process${workers === 1 ? '' : 'es'}`,
          ['--data-dir', dataDir, '--out', out(`pg-${workers}`), '--sharded', '--shard-workers', String(workers), '--shard-size', shardSize, ...common],
          { DATABASE_URL: url },
          server.pid(),
        ),
      );
    }
    const identical = [1, 2].map((workers) => sameBytes(out(`pg-${workers}`), out('sqlite')));
    const lines = [
      `conversations: ${size}, messages: ${filled.messages}, shard size ${shardSize}, --workers 1 (one stage thread per process)`,
      '| run | wall s | CPU s (release processes) | CPU s (PostgreSQL) | CPU µs per message (release + PostgreSQL) | peak RSS per process MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map((run) => {
        const total = run.cpuSeconds + (run.postgresCpuSeconds ?? 0);
        return `| ${run.name} | ${run.wallSeconds.toFixed(1)} | ${run.cpuSeconds.toFixed(1)} | ${run.postgresCpuSeconds === null ? '–' : run.postgresCpuSeconds.toFixed(1)} | ${((total / filled.messages) * 1e6).toFixed(0)} | ${run.peakRssMegabytes.toFixed(0)} |`;
      }),
      `output byte-identical to the SQLite release: 1 worker ${identical[0] === true ? 'yes' : 'NO'}, 2 workers ${identical[1] === true ? 'yes' : 'NO'}`,
      `load average at the end: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

await main();
