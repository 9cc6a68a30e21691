/**
 * Starts the two processes every collection benchmark needs, each apart from the load generator:
 *
 *   upstream double  (test/doubles/upstream-double.ts, its standalone CLI)
 *   collector        (bench/collector-server-process.ts → startServer, as `wildchat serve` runs)
 *
 * Three processes on two cores is the honest set-up: the collector's event loop is not shared with
 * the client that measures it, and the double's CPU is spent for the direct and the proxied
 * requests alike.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ServerProcessMessage, ServerProcessStats } from './collector-server-process.ts';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const doubleEntry = path.join(benchDirectory, '..', 'test', 'doubles', 'upstream-double.ts');
const serverEntry = path.join(benchDirectory, 'collector-server-process.ts');
const START_TIMEOUT_MS = 30_000;

export const BENCH_MODEL = 'double-small';

export interface DoubleProcess {
  /** e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

/** The upstream double in its own process: every reply is "Echo: <last user message>" in `chunks` pieces. */
export async function startDoubleProcess(options: { chunks: number; delayMs: number }): Promise<DoubleProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', doubleEntry, '--port', '0', '--chunks', String(options.chunks), '--delay-ms', String(options.delayMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('the upstream double did not start in time')), START_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      output += text;
      const line = output.split('\n')[0];
      if (output.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve(z.url().parse(line.trim()));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the upstream double exited with code ${code} before it was ready`));
    });
  });
  return { baseUrl, port: Number(new URL(baseUrl).port), stop: () => stopChild(child, 'SIGTERM') };
}

export interface CollectorOptions {
  upstreamUrl: string;
  /** Serve settings beyond the benchmark defaults (camelCase keys, string values). */
  settings?: Record<string, string>;
  /** Write a V8 CPU profile of the collector into this folder (node --cpu-prof). */
  cpuProfileDirectory?: string;
}

export interface CollectorProcess {
  url: string;
  port: number;
  dataDir: string;
  logFile: string;
  stats(): Promise<ServerProcessStats>;
  /** Graceful shutdown (every in-flight turn recorded, store closed); resolves with the final stats. */
  close(): Promise<ServerProcessStats>;
  /** Removes the data folder; call after the store has been checked. */
  removeData(): void;
}

/**
 * The benchmark serve settings. The per-IP and per-network limits are raised far above their
 * defaults (20 messages a minute, 3 streams at once, 120 a minute per /24) because every benchmark
 * request comes from 127.0.0.1, which the abuse limiter would otherwise treat as one very busy user;
 * so are the per-consent write rate (60 a minute) and the token budgets, which a few benchmark
 * consents spend in seconds (the budget code still runs on every turn), and the global caps on
 * upstream calls (32) and connections (2,000), which would queue the benchmark's streams in front
 * of the collector it measures. Everything else keeps its default, including
 * `logLevel: info` (one JSON line per request, written to a file).
 */
export function benchServeSettings(dataDir: string, upstreamUrl: string): Record<string, string> {
  return {
    port: '0',
    host: '127.0.0.1',
    dataDir,
    upstreamUrl,
    models: BENCH_MODEL,
    rateLimitPerMinute: '100000000',
    maxConcurrentStreams: '100000',
    networkRateLimitPerMinute: '100000000',
    writeRateLimitPerMinute: '100000000',
    maxUpstreamConcurrency: '100000',
    upstreamQueueLength: '100000',
    maxConnections: '100000',
    consentDailyTokenBudget: '1000000000000',
    dailyTokenBudget: '1000000000000',
  };
}

export async function startCollectorProcess(options: CollectorOptions): Promise<CollectorProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-bench-'));
  const logFile = path.join(dataDir, 'server.log');
  const logDescriptor = fs.openSync(logFile, 'a');
  const storeDirectory = path.join(dataDir, 'data');
  const settings = { ...benchServeSettings(storeDirectory, options.upstreamUrl), ...options.settings };
  const execArgv = ['--import', 'tsx'];
  if (options.cpuProfileDirectory !== undefined) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDirectory}`);
  const child = fork(serverEntry, [JSON.stringify(settings)], { execArgv, stdio: ['ignore', 'inherit', logDescriptor, 'ipc'] });
  fs.closeSync(logDescriptor);

  const waiters: ((message: ServerProcessMessage) => boolean)[] = [];
  child.on('message', (message: ServerProcessMessage) => {
    const index = waiters.findIndex((waiter) => waiter(message));
    if (index !== -1) waiters.splice(index, 1);
  });
  const next = <Type extends ServerProcessMessage['type']>(type: Type, timeoutMs: number): Promise<Extract<ServerProcessMessage, { type: Type }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the collector did not answer "${type}" in time (log: ${logFile})`)), timeoutMs);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`the collector exited with code ${code} (log: ${logFile})`));
      };
      child.once('exit', onExit);
      waiters.push((message) => {
        if (message.type === 'failed') {
          clearTimeout(timer);
          child.off('exit', onExit);
          reject(new Error(`the collector failed: ${message.message} (log: ${logFile})`));
          return true;
        }
        if (message.type !== type) return false;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(message as Extract<ServerProcessMessage, { type: Type }>);
        return true;
      });
    });

  const ready = await next('ready', START_TIMEOUT_MS);
  let closing: Promise<ServerProcessStats> | null = null;
  return {
    url: ready.url,
    port: Number(new URL(ready.url).port),
    dataDir: storeDirectory,
    logFile,
    async stats() {
      const answer = next('stats', 10_000);
      child.send({ type: 'stats' });
      return (await answer).stats;
    },
    close() {
      closing ??= (async () => {
        const answer = next('closed', 60_000);
        child.send({ type: 'close' });
        const closed = await answer;
        await waitForExit(child, 10_000);
        return closed.stats;
      })();
      return closing;
    },
    removeData() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child, 10_000);
  child.kill(signal);
  await exited;
}
