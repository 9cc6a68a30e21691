/**
 * Worker processes a sharded release starts on its own machine: the same module `wildchat
 * worker` runs (release-worker-main.ts), compiled or through tsx like the code that starts it.
 * Stopped with SIGTERM by pid at the end; one that exits early is reported, and its shard
 * (if any) expires and goes to another worker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LocalWorkers {
  /** Why the release cannot go on (every local worker gone and none left to run shards), or null. */
  failure(): Error | null;
  stop(): Promise<void>;
}

/** The argv that runs release-worker-main in a new Node process. */
export function workerProcessArguments(): string[] {
  const compiled = import.meta.url.endsWith('.js');
  const main = fileURLToPath(new URL(`./release-worker-main.${compiled ? 'js' : 'ts'}`, import.meta.url));
  return compiled ? [main] : ['--import', import.meta.resolve('tsx/esm'), main];
}

export function startLocalWorkers(count: number, databaseUrl: string, timeoutSeconds: number): LocalWorkers {
  const children: ChildProcess[] = [];
  let exited = 0;
  let stopping = false;
  for (let index = 0; index < count; index += 1) {
    const child = spawn(process.execPath, workerProcessArguments(), {
      env: { ...process.env, DATABASE_URL: databaseUrl, WILDCHAT_RELEASE_SHARD_TIMEOUT: String(timeoutSeconds) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', () => {
      exited += 1;
    });
    children.push(child);
  }
  return {
    failure: () => (!stopping && count > 0 && exited === count ? new Error('every local worker process exited') : null),
    stop: async () => {
      stopping = true;
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
