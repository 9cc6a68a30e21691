/**
 * Runs the real `wildchat serve` (bin/wildchat.js) as a child process for tests that must see the
 * whole program: its files, its output, and what survives a kill -9. `wildchat explore` runs the
 * same way (startCliCommand).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPOSITORY, 'bin', 'wildchat.js');
const START_TIMEOUT_MS = 30_000;

export interface CliServer {
  url: string;
  child: ChildProcess;
  /** Everything written so far (stdout and stderr). */
  output(): { stdout: string; stderr: string };
  /** SIGTERM and wait for the exit (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export async function startCliServer(args: string[], env: Record<string, string> = {}): Promise<CliServer> {
  return startCliCommand('serve', args, /serving on (http:\/\/[^\s]+)/, env);
}

/** Starts `wildchat <command>` on a free local port; resolves with the URL that `ready` captures from its stdout. */
export async function startCliCommand(command: string, args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<CliServer> {
  const child = spawn(process.execPath, [CLI, command, '--host', '127.0.0.1', '--port', '0', ...args], {
    cwd: REPOSITORY,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wildchat ${command} did not start in time; stderr: ${stderr.slice(0, 2000)}`));
    }, START_TIMEOUT_MS);
    const check = (): void => {
      const match = ready.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`wildchat ${command} exited with ${code} before serving; stderr: ${stderr.slice(0, 2000)}`));
    });
  });

  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Accepts the current terms on a running server as a client behind the trusted proxy at `ip`; returns the token. */
export async function consentAt(baseUrl: string, ip: string): Promise<string> {
  const terms = (await (await fetch(`${baseUrl}/api/terms`)).json()) as { version: string };
  const response = await fetch(`${baseUrl}/api/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
  });
  if (response.status !== 201) throw new Error(`consent refused with ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
