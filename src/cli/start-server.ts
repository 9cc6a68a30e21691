/**
 * Wires the collection server together from a ServeConfig and starts listening. Kept apart from the
 * commander action so tests can start and stop real servers in-process.
 */
import { mkdir, stat } from 'node:fs/promises';
import type { ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import type { LlmClient } from '../llm/llm-client.ts';
import { createOpenAiCompatibleClient } from '../llm/openai-compatible-client.ts';
import { openGeoLocator } from '../privacy/geo-locator.ts';
import { loadOrCreateIpHasher } from '../privacy/hmac-ip-hasher.ts';
import { openSharedServeState, type SharedServeState } from './shared-serve-state.ts';
import { createApp } from '../server/app/create-app.ts';
import { mountWeb } from '../server/static/serve-web.ts';
import { loadTerms } from '../server/terms/terms.ts';
import type { ServeConfig } from '../settings/serve-settings.ts';
import { openStoreAt } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { CliError } from './cli-error.ts';
import { createLogger } from './create-logger.ts';
import { discoverModels, displayUrl } from './discover-models.ts';
import { storeAnnotationEraser } from './annotation-eraser.ts';
import { createHonoClientIpResolver } from './hono-client-ip.ts';
import { hardenedServerOptions, hardenServer, startMetricsListener, warnAboutExposure } from './server-hardening.ts';

export interface StartServerOptions {
  logger?: Logger;
  /** Replaces the OpenAI-compatible client (tests); normally built from the config. */
  llm?: LlmClient;
  /** How long open connections may take to finish after shutdown begins before they are cut. */
  closeGraceMs?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  models: string[];
  /** Stops accepting connections, lets the app record in-flight turns, then closes the store. Idempotent. */
  close(): Promise<void>;
}

export async function startServer(config: ServeConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  await prepareDataDir(config.dataDir, logger);
  // With SQLite the key file is checked before anything else touches the data, so a leaked key stops the start.
  if (config.databaseUrl === null) await loadOrCreateIpHasher(config.dataDir);

  let store: Store | null = null;
  let shared: SharedServeState | null = null;
  try {
    store = await openDatabase(config);
    shared = await openSharedServeState(store, config, logger);
    const ipHasher = shared.ipHasher;
    const interrupted = await store.markInterruptedTurns();
    if (interrupted > 0) logger.warn({ interrupted }, 'marked turns left unfinished by the previous run as interrupted');

    const geo = await openGeoLocator({ file: config.geoDb }).catch((error: unknown) => {
      throw new CliError(error instanceof Error ? error.message : 'cannot open the geolocation database', { cause: error });
    });
    const llm =
      options.llm ??
      createOpenAiCompatibleClient({
        baseUrl: config.upstreamUrl,
        apiKey: config.upstreamKey,
        firstTokenTimeoutMs: config.firstTokenTimeoutMs,
        stallTimeoutMs: config.stallTimeoutMs,
        retries: config.upstreamRetries,
      });
    // Local files first: a broken terms file is reported without waiting on the network.
    const terms = await loadTerms(config.termsFile).catch((error: unknown) => {
      throw new CliError(error instanceof Error ? error.message : 'cannot load the terms file', { cause: error });
    });
    const models = await discoverModels(llm, config.models, config.upstreamUrl);

    warnAboutExposure(config, logger);
    const { app, shutdown, renderMetrics } = createApp({
      store,
      llm,
      ipHasher,
      geo,
      config,
      models,
      terms,
      logger,
      resolveClientIp: createHonoClientIpResolver(config),
      eraseDerived: storeAnnotationEraser(store, config.dataDir),
      killSwitch: shared.killSwitch,
    });
    // The chat page is served by the same process, so `wildchat serve` is the whole product.
    mountWeb(app, fileURLToPath(new URL('../../web/dist', import.meta.url)));
    const server = await listen(app.fetch, config.port, config.host, hardenedServerOptions(config));
    hardenServer(server, config);
    const metricsServer = config.metricsPort == null ? null : await startMetricsListener(config.metricsPort, renderMetrics, logger);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info(
      { url, upstream: displayUrl(config.upstreamUrl), models: models.length, termsVersion: terms.version, geo: geo.source, ipKeyId: ipHasher.currentKeyId },
      'wildchat server started',
    );

    const openStoreHandle = store;
    const sharedHandle = shared;
    let closing: Promise<void> | null = null;
    return {
      url,
      port,
      models,
      close: () => {
        closing ??= Promise.all([
          closeAll(server, shutdown, openStoreHandle, logger, options.closeGraceMs ?? 10_000).finally(() => sharedHandle.stop()),
          metricsServer?.close() ?? Promise.resolve(),
        ]).then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    shared?.stop();
    await store?.close().catch(() => undefined);
    throw error;
  }
}

/** A corrupt, locked or unreachable database is an operator's problem to fix, not a crash (the messages hold no user data). */
async function openDatabase(config: ServeConfig): Promise<Store> {
  try {
    return await openStoreAt({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }, { serving: true });
  } catch (error) {
    const where = config.databaseUrl === null ? `in ${config.dataDir}` : '';
    throw new CliError(`cannot open the database${where === '' ? '' : ` ${where}`}: ${error instanceof Error ? error.message : 'unknown error'}`, {
      cause: error,
    });
  }
}

async function prepareDataDir(dataDir: string, logger: Logger): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    throw new CliError(`cannot create the data folder ${dataDir}${code === undefined ? '' : ` (${code})`}`, { cause: error });
  }
  const mode = (await stat(dataDir)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    logger.warn({ dataDir, mode: mode.toString(8) }, 'the data folder is accessible to other users; consider chmod 700');
  }
}

function listen(
  fetchHandler: Parameters<typeof createAdaptorServer>[0]['fetch'],
  port: number,
  hostname: string,
  serverOptions: ServerOptions,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = createAdaptorServer({ fetch: fetchHandler, serverOptions });
    const onError = (error: NodeJS.ErrnoException): void => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new CliError(`cannot listen on ${hostname}:${port}: ${reason}`, { cause: error }));
    };
    server.once('error', onError);
    // A deep accept queue: a burst of new chat streams (e.g. after a post goes viral) must queue, not be refused.
    server.listen({ port, host: hostname, backlog: 4096 }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

async function closeAll(server: ServerType, shutdownApp: () => Promise<void>, store: Store, logger: Logger, closeGraceMs: number): Promise<void> {
  logger.info('shutting down: no new connections; finishing in-flight replies');
  // Stop accepting first, so no new turn starts while the app records the in-flight ones.
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  try {
    await shutdownApp();
  } catch (error) {
    // The class name only: messages can quote what a request carried.
    logger.error({ errorName: error instanceof Error ? error.name : typeof error }, 'the app did not shut down cleanly');
  }
  const grace = setTimeout(() => {
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, closeGraceMs);
  grace.unref();
  await serverClosed;
  clearTimeout(grace);
  await finishLeftoverTurns(shutdownApp, store, logger);
  await store.close();
  logger.info('shutdown complete');
}

/**
 * Nothing this process started may stay pending or streaming once it has stopped: a turn started
 * on a connection that was still open during the shutdown is waited for, and a turn whose
 * completion write failed (the database was locked or away) is marked interrupted now, ending at
 * its last flushed token, instead of at the next start.
 */
async function finishLeftoverTurns(shutdownApp: () => Promise<void>, store: Store, logger: Logger): Promise<void> {
  try {
    await shutdownApp();
    const interrupted = await store.markInterruptedTurns();
    if (interrupted > 0) logger.warn({ interrupted }, 'marked turns whose completion was not recorded as interrupted');
  } catch (error) {
    // Left to the next start, which marks them; the class name only, as above.
    logger.error({ errorName: error instanceof Error ? error.name : typeof error }, 'could not mark unfinished turns at shutdown');
  }
}
