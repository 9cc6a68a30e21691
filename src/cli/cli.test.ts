import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from './create-program.ts';

const binPath = fileURLToPath(new URL('../../bin/wildchat.js', import.meta.url));
const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));

/** Runs the real executable, as `npx wildchat` would, with a clean environment. */
function wildchat(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(binPath, args, {
    cwd: temporaryRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: temporaryRoot, WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/wildchat.js', () => {
  test('is executable and prints the package version', () => {
    assert.ok((fs.statSync(binPath).mode & 0o111) !== 0, 'bin/wildchat.js must be executable');
    const result = wildchat('--version');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), packageVersion());
  });

  test('a bad setting exits with status 2 and names the setting', () => {
    const result = wildchat('serve', '--port', 'eighty');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Invalid port from --port: got "eighty", which is not a whole number/);
  });

  test('keys rotate and keys list manage the IP key file without printing secrets', () => {
    const dataDir = path.join(temporaryRoot, 'data');
    const rotated = wildchat('keys', 'rotate', '--data-dir', dataDir);
    assert.equal(rotated.status, 0, rotated.stderr);
    assert.match(rotated.stdout, /new current IP key k2/);
    const listed = wildchat('keys', 'list', '--data-dir', dataDir);
    assert.equal(listed.status, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^k1\t\S+$/);
    assert.match(lines[1] ?? '', /^k2\t\S+\tcurrent$/);
    const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets', 'ip-hash-keys.json'), 'utf8')).keys.map((key: { secret: string }) => key.secret);
    for (const secret of secrets) assert.ok(!listed.stdout.includes(secret) && !rotated.stdout.includes(secret));
  });

  test('serve prints one startup line without the key and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(binPath, ['serve', '--port', '0', '--models', 'offline-model', '--data-dir', path.join(temporaryRoot, 'serve-data')], {
      cwd: temporaryRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: temporaryRoot,
        WILDCHAT_UPSTREAM_URL: 'http://127.0.0.1:1/v1',
        WILDCHAT_UPSTREAM_KEY: 'sk-must-never-be-printed',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('\n')) resolve();
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const url = /serving on (http:\/\/127\.0\.0\.1:\d+) \(1 model\)/.exec(stdout)?.[1];
    assert.ok(url !== undefined, stdout);
    assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.equal(stdout.trim().split('\n').length, 1, 'exactly one line on stdout');
    assert.match(stderr, /shutdown complete/);
    assert.ok(!stdout.includes('sk-must-never-be-printed') && !stderr.includes('sk-must-never-be-printed'));
  });
});
