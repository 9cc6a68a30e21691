import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateIpKeys, rotateIpKey } from '../privacy/ip-key-store.ts';
import { openStore, openStoreAt } from '../store/open-store.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer } from '../../test/support/postgres-server.ts';

const binPath = fileURLToPath(new URL('../../bin/wildchat.js', import.meta.url));

function wildchat(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return wildchatWithEnv({}, ...args);
}

function wildchatWithEnv(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const home = os.tmpdir();
  const result = spawnSync(binPath, args, {
    cwd: home,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home, WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE, ...env },
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wildchat keys retire', () => {
  test('refuses the current key and a key recent data still needs; retires for good once none does', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-retire-'));
    try {
      await loadOrCreateIpKeys(dataDir);
      const store = openStore(dataDir);
      const request = { hashedIp: 'ab'.repeat(32), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null };
      const consent = await store.createConsent({ tokenHash: 'e'.repeat(64), termsVersion: 'v1', consentedAt: Date.now(), context: request });
      await store.createConversation({ consentId: consent.id, source: 'native', createdAt: Date.now() });
      await store.close();

      const current = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir);
      assert.equal(current.status === 0, false);
      assert.match(current.stderr + current.stdout, /current key/, JSON.stringify(current));

      await rotateIpKey(dataDir);
      const needed = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir);
      assert.equal(needed.status === 0, false);
      assert.match(needed.stderr, /1 stored conversation\(s\) hashed with k1 are still inside the review window/);

      const retired = wildchat('keys', 'retire', 'k1', '--data-dir', dataDir, '--review-window', '0');
      assert.equal(retired.status, 0, retired.stderr);
      const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets', 'ip-hash-keys.json'), 'utf8')) as {
        keys: { id: string }[];
        retiredKeyIds: string[];
      };
      assert.deepEqual(
        file.keys.map((key) => key.id),
        ['k2'],
      );
      assert.deepEqual(file.retiredKeyIds, ['k1']);
      assert.equal(fs.statSync(path.join(dataDir, 'secrets', 'ip-hash-keys.json')).mode & 0o777, 0o600);
      // A later rotation never reuses the retired id.
      assert.equal(await rotateIpKey(dataDir), 'k3');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('wildchat keys retire --database-url', { skip: findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false }, () => {
  test('retires a key of the shared ring for good, with the same refusals as the key file', async () => {
    const postgres = await startPostgresServer();
    try {
      const databaseUrl = await postgres.createDatabase();
      const store = await openStoreAt({ dataDir: '.', databaseUrl });
      const shared = store.sharedState;
      assert.ok(shared !== undefined);
      const first = await shared.loadOrCreateIpKeys();
      const k1Secret = first.keys[0]!.secret.toString('base64');
      const request = { hashedIp: 'cd'.repeat(32), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null };
      const consent = await store.createConsent({ tokenHash: 'f'.repeat(64), termsVersion: 'v1', consentedAt: Date.now(), context: request });
      await store.createConversation({ consentId: consent.id, source: 'native', createdAt: Date.now() });

      const env = { DATABASE_URL: databaseUrl };
      const current = wildchatWithEnv(env, 'keys', 'retire', 'k1');
      assert.notEqual(current.status, 0);
      assert.match(current.stderr, /k1 is the current key/);
      assert.equal(await shared.rotateIpKey(), 'k2');
      const unknown = wildchatWithEnv(env, 'keys', 'retire', 'k7');
      assert.notEqual(unknown.status, 0);
      assert.match(unknown.stderr, /no IP key k7 \(have: k1, k2\)/);
      const needed = wildchatWithEnv(env, 'keys', 'retire', 'k1');
      assert.notEqual(needed.status, 0);
      assert.match(needed.stderr, /1 stored conversation\(s\) hashed with k1 are still inside the review window/);

      const retired = wildchatWithEnv(env, 'keys', 'retire', 'k1', '--review-window', '0');
      assert.equal(retired.status, 0, retired.stderr);
      assert.match(retired.stdout, /retired IP key k1/);
      const ring = await shared.loadOrCreateIpKeys();
      assert.deepEqual(
        ring.keys.map((key) => key.id),
        ['k2'],
      );
      assert.equal(ring.currentKeyId, 'k2');
      assert.equal(await shared.rotateIpKey(), 'k3', 'a retired id is never reused');
      await store.close();
      // The table was rewritten (VACUUM FULL): no file of the database cluster holds the old secret any more,
      // except the write-ahead log, which docs/privacy.md names.
      postgres.stopServer();
      const needle = Buffer.from(k1Secret);
      const holders: string[] = [];
      const walk = (folder: string): void => {
        for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
          const full = path.join(folder, entry.name);
          if (entry.isDirectory()) {
            if (entry.name !== 'pg_wal') walk(full);
          } else if (fs.readFileSync(full).includes(needle)) holders.push(path.relative(postgres.dataDir, full));
        }
      };
      walk(path.join(postgres.dataDir, 'base'));
      assert.deepEqual(holders, [], 'no table file still holds the retired secret');
      postgres.startServer();
    } finally {
      await postgres.stop();
    }
  });
});
