import type { Command } from 'commander';
import { resolveServeConfig } from '../settings/resolve-serve-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { createLogger } from './create-logger.ts';
import type { RunningServer } from './start-server.ts';
import { countNoun } from '../core/count-noun.ts';

/** `wildchat serve`: the consented chat collection server. */
export function registerServeCommand(program: Command): void {
  const serve = program.command('serve').description('Run the chat server that collects consented conversations (settings: docs/settings.md).');
  addSettingOptions(serve, 'serve').action(async (options: Record<string, unknown>) => {
    const config = resolveServeConfig(options, process.env);
    const logger = createLogger(config.logLevel);
    const { startServer } = await import('./start-server.ts');
    const running = await startServer(config, { logger });
    // The one line meant for a human; the key is never part of it.
    process.stdout.write(`wildchat is serving on ${running.url} (${countNoun(running.models.length, 'model')})\n`);
    await untilStopped(running, (message) => logger.info(message));
  });
}

/** Resolves after a graceful shutdown triggered by SIGINT/SIGTERM; a second signal exits at once. */
function untilStopped(running: RunningServer, log: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`received ${signal} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      log(`received ${signal}`);
      running.close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
