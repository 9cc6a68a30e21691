/**
 * A real collection server for end-to-end tests: createApp over the real SQLite store in a temp
 * dir, the real OpenAI-compatible client talking to the upstream double over HTTP, the real IP
 * hasher and geolocator, served by @hono/node-server on a free port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { pino } from 'pino';
import { storeAnnotationEraser } from '../../src/cli/annotation-eraser.ts';
import { createHonoClientIpResolver } from '../../src/cli/hono-client-ip.ts';
import { createOpenAiCompatibleClient } from '../../src/llm/openai-compatible-client.ts';
import { openGeoLocator } from '../../src/privacy/geo-locator.ts';
import { loadOrCreateIpHasher } from '../../src/privacy/hmac-ip-hasher.ts';
import type { GeoLocator } from '../../src/privacy/privacy.ts';
import { createApp, type App } from '../../src/server/app/create-app.ts';
import { loadTerms, type Terms } from '../../src/server/terms/terms.ts';
import type { ServeConfig } from '../../src/settings/serve-settings.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';

export const TEST_MODELS = ['double-small', 'double-large'];

export function testConfig(dataDir: string, overrides: Partial<ServeConfig> = {}): ServeConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: null,
    upstreamUrl: 'http://127.0.0.1:9/v1',
    upstreamKey: null,
    models: TEST_MODELS,
    trustProxy: true,
    clientIpHeader: 'x-forwarded-for',
    proxyHops: 1,
    disabledMessage: null,
    adminToken: null,
    termsFile: null,
    geoDb: null,
    rateLimitPerMinute: 1000,
    maxConcurrentStreams: 50,
    maxMessageChars: 32000,
    maxTurns: 100,
    maxBodyBytes: 1_048_576,
    firstTokenTimeoutMs: 2000,
    stallTimeoutMs: 2000,
    upstreamRetries: 0,
    flushIntervalMs: 50,
    logLevel: 'info',
    ...overrides,
  };
}

let geoLocator: Promise<GeoLocator> | null = null;
/** The bundled database takes a moment to load; one copy serves every test in the process. */
function sharedGeoLocator(): Promise<GeoLocator> {
  geoLocator ??= openGeoLocator({ file: null });
  return geoLocator;
}

export interface Harness {
  url: string;
  dataDir: string;
  store: Store;
  upstream: UpstreamDouble;
  config: ServeConfig;
  terms: Terms;
  app: App;
  /** Every log line the server wrote. */
  logLines: string[];
  /** Consents and returns a bearer token. */
  consent(headers?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<ServeConfig>;
  clock?: () => number;
  /** Free bytes of the data folder (default: statfs). */
  freeSpace?: (directory: string) => Promise<number>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  const upstream = await startUpstreamDouble({ models: TEST_MODELS });
  const config = testConfig(dataDir, { upstreamUrl: upstream.baseUrl, ...options.config });
  const store = openStore(dataDir);
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const terms = await loadTerms(null);
  const app = createApp({
    store,
    llm: createOpenAiCompatibleClient({
      baseUrl: upstream.baseUrl,
      apiKey: null,
      firstTokenTimeoutMs: config.firstTokenTimeoutMs,
      stallTimeoutMs: config.stallTimeoutMs,
      retries: config.upstreamRetries,
    }),
    ipHasher: await loadOrCreateIpHasher(dataDir),
    geo: await sharedGeoLocator(),
    config,
    models: TEST_MODELS,
    terms,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.freeSpace === undefined ? {} : { freeSpace: options.freeSpace }),
    resolveClientIp: createHonoClientIpResolver(config),
    eraseDerived: storeAnnotationEraser(store, dataDir),
  });
  const server: ServerType = createAdaptorServer({ fetch: app.app.fetch });
  // A deep accept queue, as a production deployment needs for bursts of hundreds of new streams.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    dataDir,
    store,
    upstream,
    config,
    terms,
    app,
    logLines,
    async consent(headers = {}) {
      const response = await fetch(`${url}/api/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
      });
      if (response.status !== 201) throw new Error(`consent failed with ${response.status}`);
      const body = (await response.json()) as { token: string };
      return body.token;
    },
    async close() {
      await app.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await upstream.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads a whole text/event-stream body into events (`event` is "message" when unnamed). */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return parseSse(text);
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** Polls until `check` returns a value (not undefined/false) or the wait runs out. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function authHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra };
}
