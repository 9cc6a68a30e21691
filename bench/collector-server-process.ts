/**
 * Child-process entry for the collection benchmarks: runs `wildchat serve` exactly as the CLI wires
 * it (startServer: real SQLite store in the data folder, real IP hasher and bundled geolocator, real
 * OpenAI-compatible client) in a process of its own, so the server's event loop, CPU and memory are
 * measured apart from the load generator. The parent talks to it over the IPC channel of fork().
 *
 * argv[2]: the serve settings as JSON (flag names in camelCase, values as strings, as commander gives them).
 * The log goes to stderr at the configured level; the parent points stderr at a file.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import '../src/resources/provide-data-packages.ts';
import { createLogger } from '../src/cli/create-logger.ts';
import { startServer } from '../src/cli/start-server.ts';
import { resolveServeConfig } from '../src/settings/resolve-serve-config.ts';

const parentMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('stats') }), z.object({ type: z.literal('close') })]);

export type ServerProcessMessage =
  | { type: 'ready'; url: string }
  | { type: 'stats'; stats: ServerProcessStats }
  | { type: 'closed'; stats: ServerProcessStats }
  | { type: 'failed'; message: string };

export interface ServerProcessStats {
  rssBytes: number;
  /** Peak resident set size of this process so far. */
  maxRssBytes: number;
  heapUsedBytes: number;
  /** CPU time (user + system) this process has used so far. */
  cpuMilliseconds: number;
  /** Event-loop delay since the previous stats message: how long ready work waited for the loop. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function stats(): ServerProcessStats {
  const usage = process.resourceUsage();
  const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  loopDelay.reset();
  return {
    eventLoopDelayP99Ms: delay.p99,
    eventLoopDelayMaxMs: delay.max,
    rssBytes: process.memoryUsage.rss(),
    maxRssBytes: usage.maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    cpuMilliseconds: (usage.userCPUTime + usage.systemCPUTime) / 1000,
  };
}

function send(message: ServerProcessMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (process.send === undefined) throw new Error('collector-server-process must be started with fork() (it needs an IPC channel)');
  const settings = z.record(z.string(), z.string()).parse(JSON.parse(process.argv[2] ?? '{}'));
  // The environment is not consulted: the parent states every setting that differs from the defaults.
  const config = resolveServeConfig(settings, {});
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, { logger, closeGraceMs: 2000 });

  process.on('message', (raw: unknown) => {
    const message = parentMessageSchema.parse(raw);
    if (message.type === 'stats') {
      send({ type: 'stats', stats: stats() });
      return;
    }
    running.close().then(
      () => {
        send({ type: 'closed', stats: stats() });
        process.disconnect();
        // Idle pooled upstream sockets may keep the loop alive; exit() still writes a --cpu-prof profile.
        setTimeout(() => process.exit(0), 1000).unref();
      },
      (error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : 'close failed' });
        process.exitCode = 1;
        process.disconnect();
      },
    );
  });
  send({ type: 'ready', url: running.url });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : 'start failed' });
  process.exitCode = 1;
  process.disconnect?.();
});
