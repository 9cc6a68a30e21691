/**
 * A throwaway PostgreSQL server for tests and benchmarks: `initdb` in a temporary folder, started
 * with `pg_ctl` on a free port (TCP on 127.0.0.1, unix socket in the same folder), stopped by pid.
 * One server per test file; each test takes its own database from `createDatabase()`.
 *
 * PostgreSQL refuses to run as root, so as root the folder is given to the `postgres` user and the
 * binaries run through `runuser`. When no PostgreSQL binaries are installed, `findPostgresBinaries`
 * returns null and callers skip with `POSTGRES_MISSING_MESSAGE`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import pg from 'pg';

export const POSTGRES_MISSING_MESSAGE =
  'PostgreSQL binaries (initdb, pg_ctl) not found: install the Debian package postgresql (apt-get install postgresql) to run these tests';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
}

export interface StartPostgresOptions {
  /** Durable commits (fsync on). Tests leave it off for speed; benchmarks turn it on for honest figures. */
  durable?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** Connection URL of the `postgres` maintenance database (superuser, trust auth, local only). */
  readonly adminUrl: string;
  /** The postmaster pid of the current run (changes after restart). */
  pid(): number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** `pg_ctl restart` (fast shutdown, then start on the same port). */
  restart(): void;
  /** Stops the server (fast shutdown) without removing its files. */
  stopServer(): void;
  /** Starts a stopped server again. */
  startServer(): void;
  /** Stops the server by pid and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

export function findPostgresBinaries(): PostgresBinaries | null {
  const candidates: string[] = [];
  for (const folder of (process.env['PATH'] ?? '').split(path.delimiter)) if (folder !== '') candidates.push(folder);
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(path.join(debianRoot, version, 'bin'));
  }
  for (const folder of candidates) {
    const initdb = path.join(folder, 'initdb');
    const pgCtl = path.join(folder, 'pg_ctl');
    if (isExecutable(initdb) && isExecutable(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface RunAs {
  uid: number;
  gid: number;
}

/** As root, the uid/gid of the `postgres` user that owns the cluster; null when not root. */
function runAsUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root needs a postgres user to own the test cluster');
  return { uid, gid };
}

function run(binary: string, args: string[], runAs: RunAs | null): void {
  const result = spawnSync(binary, args, { encoding: 'utf8', uid: runAs?.uid, gid: runAs?.gid, cwd: os.tmpdir(), env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(binary)} ${args[0] ?? ''} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout).trim().slice(0, 2000)}`,
    );
  }
}

export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  if (binaries === null) throw new Error(POSTGRES_MISSING_MESSAGE);
  const runAs = runAsUser();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-pg-'));
  if (runAs !== null) fs.chownSync(root, runAs.uid, runAs.gid);
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  run(binaries.initdb, ['-D', dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C', '--no-sync'], runAs);

  const port = await freePort();
  const durable = options.durable === true;
  const settings: Record<string, string> = {
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${root}'`,
    max_connections: '200',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    `\nport = ${port}\n${Object.entries(settings)
      .map(([name, value]) => `${name} = ${value}`)
      .join('\n')}\n`,
  );
  const start = (): void => run(binaries.pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile], runAs);
  start();

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databaseCounter = 0;
  let stopped = false;
  const readPid = (): number => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  // A test process that exits without running its after() hooks must not leave a server behind.
  const onExit = (): void => {
    if (stopped) return;
    try {
      process.kill(readPid(), 'SIGQUIT');
    } catch {
      // Not running.
    }
  };
  process.once('exit', onExit);

  return {
    port,
    dataDir,
    adminUrl,
    pid: readPid,
    async createDatabase(name?: string): Promise<string> {
      databaseCounter += 1;
      const database = name ?? `test_${process.pid}_${databaseCounter}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`invalid database name ${database}`);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    restart(): void {
      run(binaries.pgCtl, ['restart', '-w', '-t', '60', '-m', 'fast', '-D', dataDir, '-l', logFile], runAs);
    },
    stopServer(): void {
      run(binaries.pgCtl, ['stop', '-w', '-t', '60', '-m', 'fast', '-D', dataDir], runAs);
    },
    startServer: start,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      let pid: number | null = null;
      try {
        pid = readPid();
      } catch {
        pid = null;
      }
      if (pid !== null && Number.isInteger(pid) && pid > 0) {
        try {
          // SIGINT is PostgreSQL's fast shutdown: sessions are ended, then the postmaster exits.
          process.kill(pid, 'SIGINT');
          const deadline = Date.now() + 30_000;
          while (Date.now() < deadline && processAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
          if (processAlive(pid)) process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one server of a test file: started on first use (a file whose tests all skip starts none)
 * and stopped when the file's tests have ended. Call it at the top level of the test file.
 */
export function serverForThisFile(): () => Promise<PostgresServer> {
  let server: PostgresServer | null = null;
  after(async () => {
    await server?.stop();
  });
  return async () => (server ??= await startPostgresServer());
}
