/**
 * The README walk-through, run the way a new user runs it: the shell commands of the README sections
 * "Try it without any model" and "Walk-through: ..." are read from README.md itself (so the two cannot
 * drift) and run as child processes in a scratch folder (the user's working folder), against the real CLI
 * and the upstream double. Each step's visible output is checked.
 *
 * What the test changes in the commands, and why:
 * - `npx wildchat` runs the checkout's bin/wildchat.js (outside the repository npx would look the
 *   package up in the registry);
 * - the double and the server listen on free ports (`--port 0`, WILDCHAT_PORT=0) and later commands
 *   get the addresses they printed instead of 8089 and 3000, so parallel test runs do not collide.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const binPath = path.join(repositoryRoot, 'bin', 'wildchat.js');
const readme = fs.readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');

/** The ```sh blocks of the README section under the heading that starts with `heading`. */
function shellBlocks(heading: string): string[] {
  const start = readme.indexOf(`\n### ${heading}`);
  assert.ok(start >= 0, `README has a section "${heading}"`);
  const rest = readme.slice(start + 1);
  const next = rest.slice(1).search(/\n#{1,3} /);
  const section = next < 0 ? rest : rest.slice(0, next + 1);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

// The user's folder: everything the walk-through writes (wildchat-data/, sharegpt.json) goes here. The
// double's command names it by its path in the checkout, so that one runs in the checkout.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-readme-'));
const environment = { PATH: process.env.PATH ?? '', HOME: scratch, NO_COLOR: '1', WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE ?? '' };

const servers: ChildProcess[] = [];
after(() => {
  // Each server runs in its own process group (detached), so its shell and node go together.
  for (const server of servers) if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  fs.rmSync(scratch, { recursive: true, force: true });
});

const addresses = new Map<string, string>();
function localize(command: string): string {
  let result = command.replaceAll('npx wildchat', `node ${JSON.stringify(binPath)}`);
  for (const [written, actual] of addresses) result = result.replaceAll(written, actual);
  return result;
}

/** Starts a long-running README command and resolves with the first match of `ready` in its stdout. */
function startServer(command: string, ready: RegExp, cwd: string, extraEnvironment: Record<string, string> = {}): Promise<string> {
  const child = spawn('bash', ['-c', localize(command)], { cwd, env: { ...environment, ...extraEnvironment }, detached: true });
  servers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 40 s: ${command}\n${output}`)), 40_000);
    const look = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = ready.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] ?? match[0]);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${command}\n${output}`));
    });
  });
}

/** Runs one README block as a script, as a user pasting it into a shell would (async: the servers' output keeps draining). */
async function runBlock(block: string): Promise<string> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', localize(block)], { cwd: scratch, env: environment });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, `${block}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  return stdout;
}

async function parquetRows(folder: string, select: string): Promise<Record<string, unknown>[]> {
  const connection = await (await DuckDBInstance.create()).connect();
  const files = path.join(folder, 'data', '*.parquet').replaceAll("'", "''");
  return (await connection.runAndReadAll(`SELECT ${select} FROM read_parquet('${files}')`)).getRowObjectsJson() as Record<string, unknown>[];
}

const FILTERS = 'dropped by consent 0, withdrawn 0, review_window';

test('the README walk-through: serve, chat, export, release, import, release of the import, datasets', { timeout: 300_000 }, async () => {
  const [serverBlock] = shellBlocks('Try it without any model');
  const steps = shellBlocks('Walk-through');
  assert.ok(serverBlock !== undefined && steps.length === 3, 'the README sections keep their shape (one server block; chat, export and release, import)');
  const [chat, exportAndRelease, importAndRelease] = steps as [string, string, string];

  // 1. The double (in the background, as written) and the server (in the first terminal).
  const [doubleCommand, serveCommand] = serverBlock.trim().split('\n') as [string, string];
  assert.match(doubleCommand, / --port 8089 .*&$/);
  const doubleUrl = await startServer(doubleCommand.replace(/\s*&$/, '').replace('--port 8089', '--port 0'), /(http:\/\/127\.0\.0\.1:\d+)\/v1/, repositoryRoot);
  addresses.set('http://127.0.0.1:8089', doubleUrl);
  const serverUrl = await startServer(serveCommand, /wildchat is serving on (http:\/\/127\.0\.0\.1:\d+) \(2 models\)/, scratch, { WILDCHAT_PORT: '0' });
  addresses.set('http://127.0.0.1:3000', serverUrl);

  // 2. Consent and chat through /v1: the double's reply comes back.
  const completion = JSON.parse(await runBlock(chat)) as { object: string; choices: { message: { content: string } }[] };
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0]?.message.content, 'Echo: I am Jonathan Whitfield. Write a haiku about rain.');

  // 3. Export, then the release inside the review window (empty, and says why), then a trial release.
  const out = path.join(scratch, 'wildchat-data', 'out');
  const printed = await runBlock(exportAndRelease);
  assert.match(printed, new RegExp(`exported 1 row to ${out}/export/collected: 1 data file`));
  assert.match(printed, /note: this is the raw log \(no PII redaction/);
  assert.ok(fs.existsSync(path.join(out, 'export', 'collected', 'README.md')));
  const [held, trial] = printed.split(/^released /m).slice(1) as [string, string];
  assert.match(held, new RegExp(`^full: 0 rows, non-toxic: 0 rows to ${out}/release/collected`));
  assert.match(held, new RegExp(`  full: 1 row in; ${FILTERS} 1, date_range 0, turn_status 0, sexual_minors 0, duplicates 0; 0 rows out`));
  assert.match(held, new RegExp(`  non-toxic: 1 row in; ${FILTERS} 1, date_range 0, turn_status 0, sexual_minors 0, toxic 0, duplicates 0; 0 rows out`));
  assert.match(
    held,
    /^ {2}full is empty: review_window dropped 1 of 1 row: conversations active in the last 7 days are held back .*--review-window 0 for a trial run/m,
  );
  assert.match(trial, new RegExp(`  full: 1 row in; ${FILTERS} 0, date_range 0, turn_status 0, sexual_minors 0, duplicates 0; 1 row out`));
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'release', 'collected', 'manifest.json'), 'utf8')) as {
    variants: Record<string, { rows: number }>;
  };
  assert.deepEqual([manifest.variants.full?.rows, manifest.variants['non-toxic']?.rows], [1, 1]);
  const released = await parquetRows(path.join(out, 'release', 'collected', 'full'), 'conversation[1].content AS prompt');
  assert.deepEqual(released, [{ prompt: 'I am <PRESIDIO_ANONYMIZED_PERSON>. Write a haiku about rain.' }], 'the name is redacted in the release');

  // 4. Import a ShareGPT JSON array and the release just made, release the import, list the datasets.
  const imported = await runBlock(importAndRelease);
  assert.match(imported, /sharegpt\.json: sharegpt, 2 rows read, 2 imported, 0 duplicates, 0 malformed/);
  assert.match(imported, /train-00000-of-00001\.parquet: wildchat, 1 row read, 1 imported, 0 duplicates, 0 malformed/);
  assert.match(imported, new RegExp(`released full: 2 rows, non-toxic: 2 rows to ${out}/release/sharegpt`));
  assert.match(imported, /^ {2}full: 2 rows in; dropped by date_range 0, sexual_minors 0, duplicates 0; 2 rows out$/m);
  const listed = imported.slice(imported.lastIndexOf('name ')).trim().split('\n');
  assert.deepEqual(
    listed.map((line) => line.split(/\s+/).slice(0, 4)),
    [
      ['name', 'conversations', 'sources', 'licence'],
      ['my-release', '1', 'collected', 'odc-by'],
      ['sharegpt', '2', 'sharegpt', 'cc-by-4.0'],
    ],
  );
  const share = await parquetRows(path.join(out, 'release', 'sharegpt', 'full'), 'language, conversation[1].content AS prompt');
  assert.deepEqual(share.map((row) => row.language).sort(), ['English', 'French']);
  assert.ok(
    share.some((row) => row.prompt === 'Bonjour ! Écrivez-moi à <PRESIDIO_ANONYMIZED_EMAIL_ADDRESS>.'),
    JSON.stringify(share),
  );
});
